"""The clerk's page in a real browser (issue 21.1): headless Chromium (Debian's, driven
by Playwright) opens /help-desk, answers the kiosk's aiortc call, shows the kiosk's
video (decoded frames counted on the page, and a screenshot), the case draft as text,
and sends a note and an approval that reach the kiosk; its hang-up ends the call. The
screenshot goes to $KIOSK_SCREENSHOT_DIR when set, as the UI tests' do."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright import sync_api
from playwright.sync_api import FloatRect

from device_contracts import Text
from devices.camera.live_feed import LiveFeed
from devices.camera.sim_person import SimulatedPerson
from flows.video_call_ports import CallBrief, CallEventKind, MaterialBrief, MaterialState
from platform_sim.seed import BACKOFFICE_TOKEN, DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.video.test_call_end_to_end import Heard, Screen
from video_link.calls import WebRtcVideoCalls
from video_link.signalling import Signalling

#: Debian's (scripts/bootstrap.sh installs it); Playwright downloads no browser here
CHROMIUM = Path("/usr/bin/chromium")

#: Chromium's switches: no permission prompt for the camera (none exists headless) and the
#: kiosk's video may play without a click. Chromium's mDNS names for its own host
#: candidates (its default, kept) need no switch: the browser reaches the kiosk's host
#: candidates and aiortc learns the browser's address from its checks (peer-reflexive)
CHROMIUM_ARGS = ["--use-fake-ui-for-media-stream", "--autoplay-policy=no-user-gesture-required"]
BRIEF = CallBrief(
    step="materials",
    matter_code="SW001",
    matter_name=Text("个体工商户设立登记", "Sole trader registration"),
    materials=(
        MaterialBrief("ID", Text("身份证", "ID card"), MaterialState.IN_HAND),
        MaterialBrief(
            "LEASE", Text("租赁合同<i>", "Lease <b>"), MaterialState.MISSING, deferrable=True
        ),
    ),
)
WAIT_MS = 30_000


@pytest.fixture
def kiosk(server: RunningServer) -> Iterator[WebRtcVideoCalls]:
    link = WebRtcVideoCalls(
        Signalling.with_token(server.url, DEMO_TERMINAL_TOKEN),
        LiveFeed(lambda: SimulatedPerson().source()),
        poll_s=0.2,
    )
    yield link
    link.close()


def test_the_clerk_answers_in_the_browser_and_sees_the_kiosk(
    server: RunningServer, kiosk: WebRtcVideoCalls, tmp_path: Path
) -> None:
    clerk_video = Screen()
    kiosk.set_video_sinks(clerk_video, None)
    heard = Heard()
    call_id = kiosk.start(BRIEF, heard)
    assert heard.next().kind is CallEventKind.RINGING

    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(
                f"sessionStorage.setItem('backoffice_token', {json.dumps(BACKOFFICE_TOKEN)})"
            )
            page = context.new_page()
            page.goto(server.url + "/help-desk")
            page.click(f"button[data-call='{call_id}']", timeout=WAIT_MS)
            assert heard.next().kind is CallEventKind.ANSWERED

            page.wait_for_function(
                "() => window.kioskFrames > 15"
                " && document.getElementById('kiosk-video').videoWidth > 0",
                timeout=WAIT_MS,
            )
            size = page.evaluate(
                "() => [document.getElementById('kiosk-video').videoWidth,"
                " document.getElementById('kiosk-video').videoHeight]"
            )
            assert size == [480, 360]
            # the case draft, its names as text (the markup in them is not markup)
            case_text = page.text_content("#call-case") or ""
            assert "租赁合同<i>" in case_text and "Lease <b>" in case_text
            assert page.locator("#call-case i, #call-case b").count() == 0
            assert (
                page.text_content("#call-matter") == "个体工商户设立登记 Sole trader registration"
            )

            shot = _shots(tmp_path) / "21-clerk-page-video-call.png"
            page.screenshot(path=str(shot))
            box = page.locator("#kiosk-video").bounding_box()
            assert box is not None
            _assert_a_picture(shot, box)

            page.click("button[data-material='LEASE']")
            approval = heard.next()
            assert (approval.kind, approval.material_code) == (
                CallEventKind.MATERIAL_APPROVED,
                "LEASE",
            )
            page.fill("#note", "租赁合同请在三日内补交")
            page.click("#send-note")
            note = heard.next()
            assert (note.kind, note.note) == (CallEventKind.NOTE, "租赁合同请在三日内补交")
            # the browser has no camera: it sends its drawn card, which the kiosk shows
            assert clerk_video.frames > 0

            page.click("#hang-up")
            assert heard.next().kind is CallEventKind.ENDED
        finally:
            browser.close()


def _shots(tmp_path: Path) -> Path:
    """Where the screenshot goes: $KIOSK_SCREENSHOT_DIR as for the UI tests' shots."""
    root = os.environ.get("KIOSK_SCREENSHOT_DIR")
    path = Path(root) if root else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


def _assert_a_picture(shot: Path, box: FloatRect) -> None:
    """The video element's part of the screenshot holds the kiosk's picture (the
    simulated person), not the element's empty dark background."""
    with Image.open(shot) as png:
        area = png.convert("RGB").crop(
            (
                int(box["x"]),
                int(box["y"]),
                int(box["x"] + box["width"]),
                int(box["y"] + box["height"]),
            )
        )
    colours = area.getcolors(maxcolors=1 << 16)
    assert colours is None or len(colours) > 200, "the video shows no picture"
