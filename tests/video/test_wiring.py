"""The video link as the kiosk builds it (kiosk/video_wiring.py): the demo site's
services (embedded simulator, simulated face camera opened after the first paint) give
a link, built at its first call with the sinks set before, whose call reaches a clerk
with the face camera's live picture and shows the clerk's; closing the services ends
the call on the platform."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flows.video_call_ports import CallBrief, CallEventKind
from kiosk.demo.video_clerk import DemoClerk
from kiosk.services import KioskServices
from kiosk.video_wiring import open_video_calls
from tests.fakes.site_template import embedded_demo_config
from tests.video.clerk import spread, wait_until
from tests.video.test_call_end_to_end import Heard, Screen


def test_the_demo_kiosks_link_films_the_face_camera_for_the_clerk(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = KioskServices.start(embedded_demo_config(data), data_dir=data, open_later=("face",))
    clerk = DemoClerk(services.platform_url)
    try:
        calls = open_video_calls(services)
        screen = Screen()
        calls.set_video_sinks(screen, None)  # the screen is there before the link
        calls.hang_up("none yet")  # nothing to hang up: nothing built for it
        assert not calls.built  # aiortc waits for the first call
        heard = Heard()
        call_id = calls.start(CallBrief(step="home"), heard)
        assert calls.built
        assert heard.next().kind is CallEventKind.RINGING
        clerk.answer(call_id)
        assert heard.next().kind is CallEventKind.ANSWERED
        wait_until("the clerk sees the face camera", lambda: clerk.frames_seen >= 10)
        assert spread(clerk.last_frame) > 10  # the simulated person, not the plain card
        wait_until("the kiosk's screen shows the clerk", lambda: screen.frames > 0)
    finally:
        services.close()  # the link first: the call ends before the simulator stops
        clerk.close()
    with sqlite3.connect(data / "platform-sim.sqlite3") as db:
        row = db.execute(
            "SELECT state, ended_by FROM video_calls WHERE call_id = ?", (call_id,)
        ).fetchone()
    assert row == ("ended", "kiosk")
