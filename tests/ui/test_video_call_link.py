"""The video call with staff end to end through the UI (issue 21.1): the kiosk's window
on the real link (video_link, aiortc) and the simulated person's face camera, a
clerk's aiortc peer (kiosk/demo/video_clerk.py, the tour's) answering through the
running simulator's signalling. The resident calls from the materials step and
consents; the clerk sees the case draft and the kiosk's picture, the kiosk shows the
clerk's; the clerk's note and approval of the missing material reach the screen and
the declaration; the clerk hangs up and the resident carries on where they were."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.camera.live_feed import LiveFeed
from devices.camera.sim_person import SimulatedPerson
from flows.help import StaffHours
from flows.video_call import VideoCallFlow
from kiosk.demo.video_clerk import DemoClerk
from kiosk.help_desk import HelpDesk
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.offline_cache.conftest import SwitchablePlatform
from tests.ui.conftest import UiEnv
from tests.ui.test_help_call import _DESKS, DAY, platform  # noqa: F401 (the fixture)
from tests.ui.test_screens_licences import to_materials
from tests.ui.test_video_call import _note_lines
from video_link import Signalling, WebRtcVideoCalls

pytestmark = pytest.mark.ui

Platform = tuple[SwitchablePlatform, KioskPlatform]
#: the link and the clerk's peer take a few seconds each way on a loaded machine
PATIENCE_MS = 30_000


@pytest.fixture
def clerk(
    platform: Platform,  # noqa: F811 (the imported fixture)
) -> Iterator[DemoClerk]:
    server, _ = platform
    clerk = DemoClerk(server.url)
    yield clerk
    clerk.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_call_with_a_clerk_through_the_simulator(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
    clerk: DemoClerk,
    lang: str,
) -> None:
    server, kp = platform
    w = to_materials(ui, lang, False, 0)
    desk = HelpDesk(kp, StaffHours.parse("08:00-20:00"), clock=lambda: DAY, parent=w)
    _DESKS.append(desk)
    w.install_help(desk)
    camera = LiveFeed(lambda: SimulatedPerson().source(), "face")
    link = WebRtcVideoCalls(Signalling.with_token(server.url, DEMO_TERMINAL_TOKEN), camera)
    try:
        w.install_video_call(VideoCallFlow(link, ui.loop))
        for code in ("hukou_book", "id_card_copy"):
            ui.click(w, f"btn_capture_{code}")
            ui.wait(lambda c=code: c in {p.material_code for p in ui.declaration.session.pages})

        ui.click(w, "btn_call_staff")
        ui.click(w, "btn_video_agree")
        ui.wait(lambda: clerk.ringing(), timeout=PATIENCE_MS)
        (call_id,) = clerk.ringing()
        case = clerk.case(call_id)
        assert case["matter_code"] == HUKOU and case["step"] == "capturing"
        missing = [m["code"] for m in case["materials"] if m["state"] == "missing"]
        assert missing == [MARRIAGE_CERT]
        assert "13800138000" not in str(case)  # nothing personal: not the phone typed

        clerk.answer(call_id)
        call = w.video_call.screens.call  # type: ignore[union-attr]
        ui.wait(lambda: call.clerk_video.has_frame(), timeout=PATIENCE_MS)
        ui.wait(lambda: clerk.frames_seen > 5, timeout=PATIENCE_MS)
        ui.wait(lambda: call.own_video.has_frame(), timeout=PATIENCE_MS)
        clerk.note(call_id, "结婚证十日内补交即可")
        clerk.approve(call_id, MARRIAGE_CERT)
        ui.wait(lambda: "结婚证十日内补交即可" in _note_lines(w), timeout=PATIENCE_MS)
        ui.wait(lambda: ui.declaration.session.deferred == {MARRIAGE_CERT}, timeout=PATIENCE_MS)
        ui.shot(w, f"21-video-call-live-{lang}")

        clerk.hang_up(call_id)
        ui.wait(lambda: w.current_screen_name() == "screen_video_ended", timeout=PATIENCE_MS)
        ui.click(w, "btn_video_done")
        ui.wait(lambda: w.current_screen_name() == "screen_capturing")
        ui.click(w, "btn_next")  # the materials are complete: the journey goes on
        ui.wait(lambda: w.current_screen_name() != "screen_capturing")
    finally:
        link.close()
