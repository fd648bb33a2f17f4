"""The ``video-call`` tour (远程视频, issue 21 item 1): from the declaration's materials
step the resident presses 呼叫工作人员 in the staff's hours, reads what the call shares
and agrees; a clerk at the back office (kiosk/demo/video_clerk.py, a second aiortc
peer) sees the case draft, answers, writes a note and approves the missing household
register as handed in later; the clerk hangs up and the resident carries on with it
deferred. Then a call no one answers: the plain words and the callback request, which
goes through the outbox to the back office."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.help import ALWAYS
from kiosk.demo.help import DEMO_PHONE
from kiosk.demo.tour import TourDriver, TourError, declare_to_materials
from kiosk.demo.video_clerk import DemoClerk
from kiosk.help_desk import HelpView

if TYPE_CHECKING:
    from kiosk.services import KioskServices

#: the tour matter's material the clerk lets the resident hand in later (容缺)
DEFERRED = "hukou"
NOTE = "户口簿可以稍后补交：五日内交到政务服务中心窗口即可。"
#: seconds the second call rings before the kiosk gives up (the site's is a minute)
SHORT_RING_S = 3.0


def video_call(d: TourDriver, services: KioskServices) -> None:
    from kiosk.demo.peers import DemoHands

    w = d.window
    call, desk = w.video_call, w.help
    if call is None or desk is None:
        raise TourError("this window has no video call")
    hours, desk.hours = desk.hours, ALWAYS  # the tour runs in the staff's hours
    clerk = DemoClerk(services.platform_url)
    try:
        declare_to_materials(d, DemoHands(services.devices, services.peers))
        d.shot("materials")
        _answered_call(d, clerk)
        _unanswered_call(d)
    finally:
        clerk.close()
        desk.hours = hours


def _answered_call(d: TourDriver, clerk: DemoClerk) -> None:
    w = d.window
    assert w.video_call is not None
    screen = w.video_call.screens.call
    declaration = w.declaration.flow
    d.click("btn_call_staff")
    d.wait_screen("video_consent")
    d.shot("video-consent")
    d.click("btn_video_agree")
    d.wait_until("the call rings at the back office", lambda: bool(clerk.ringing()), timeout=60)
    d.shot("video-ringing")
    call_id = clerk.ringing()[0]
    if clerk.case(call_id)["matter_code"] == "":
        raise TourError("the clerk got no case draft")
    clerk.answer(call_id)
    d.wait_until("the clerk on screen", lambda: screen.clerk_video.has_frame(), timeout=60)
    d.wait_until("the resident's own picture", lambda: screen.own_video.has_frame(), timeout=60)
    d.wait_until("the clerk sees the resident", lambda: clerk.frames_seen > 5, timeout=60)
    clerk.note(call_id, NOTE)
    clerk.approve(call_id, DEFERRED)
    d.wait_until(
        "the approval in the declaration",
        lambda: DEFERRED in declaration.session.deferred,
        timeout=60,
    )
    d.pump(0.5)  # a few more frames of the clerk
    d.shot("video-in-call")
    clerk.hang_up(call_id)
    d.wait_screen("video_ended", timeout=60)
    d.shot("video-ended")
    d.click("btn_video_done")
    d.wait_screen("capturing")
    d.shot("materials-after-the-call")


def _unanswered_call(d: TourDriver) -> None:
    w = d.window
    assert w.video_call is not None and w.help is not None
    flow = w.video_call.flow
    ring, flow.ring_timeout_s = flow.ring_timeout_s, SHORT_RING_S
    try:
        d.click("btn_call_staff")
        d.wait_screen("video_consent")
        d.click("btn_video_agree")
        d.wait_screen("video_unavailable", timeout=60)
        d.shot("video-no-answer")
    finally:
        flow.ring_timeout_s = ring
    d.click("btn_video_callback")
    for digit in DEMO_PHONE:
        d.click(f"btn_key_{digit}")
    d.click("btn_key_ok")
    desk = w.help
    d.wait_until("the callback noted", lambda: desk.view is HelpView.CALLBACK_SENT, timeout=60)
    d.shot("video-callback-sent")
    d.click("btn_help_close")
