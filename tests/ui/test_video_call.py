"""The video call with staff (issue 21.1) as a resident meets it: 呼叫工作人员 during the
staff's hours asks consent first (what is shared, with whom), then rings, shows staff's
video big and the resident's own small with staff's notes, and ends back on the step
the resident called from; staff's approval of a missing material is in the declaration.
No answer offers the help desk's callback, which reaches the back office of the running
simulator; declining the camera makes the plain call; outside the hours the callback as
before. zh, en and large text (read whole). The call's transport is video_link's; here
an in-memory port stands in for it (tests/fakes/video_call.py)."""

from __future__ import annotations

from datetime import datetime

import pytest

from flows.help import StaffHours
from flows.video_call import VideoCallFlow
from flows.video_call_ports import CallEventKind
from kiosk.help_desk import HelpDesk
from kiosk.main_window import MainWindow
from offline_cache.platform_port import KioskPlatform
from tests.fakes.platform import MARRIAGE_CERT
from tests.fakes.video_call import FakeVideoCall
from tests.offline_cache.conftest import SwitchablePlatform
from tests.ui.conftest import MODE_IDS, MODES, UiEnv
from tests.ui.layout_check import layout_faults
from tests.ui.test_help_call import _DESKS, DAY, NIGHT, _desk_calls, platform  # noqa: F401
from tests.ui.test_screens_licences import to_materials

pytestmark = pytest.mark.ui

E = CallEventKind
Platform = tuple[SwitchablePlatform, KioskPlatform]

SAYS = {
    "zh": {"ringing": "正在等待工作人员接听", "note": "结婚证请十日内补交", "approved": "结婚证"},
    "en": {
        "ringing": "Waiting for staff to answer",
        "note": "Bring it in ten days",
        "approved": "Marriage",
    },
}


def _equip(ui: UiEnv, w: MainWindow, kp: KioskPlatform, at: datetime) -> FakeVideoCall:
    """The help desk on the running simulator, and the video call on the in-memory port."""
    desk = HelpDesk(kp, StaffHours.parse("08:00-20:00"), clock=lambda: at, poll_ms=100, parent=w)
    _DESKS.append(desk)
    w.install_help(desk)
    port = FakeVideoCall()
    w.install_video_call(VideoCallFlow(port, ui.loop, ring_timeout_s=600))
    return port


def _check_layout(ui: UiEnv, w: MainWindow, name: str, large: bool) -> None:
    ui.shot(w, name)
    if large:
        ui.qtbot.wait(60)
        assert not layout_faults(w), (name, layout_faults(w))


def _note_lines(w: MainWindow) -> str:
    assert w.video_call is not None
    notes = w.video_call.screens.call._notes
    return " ".join(
        item.widget().text()  # type: ignore[union-attr]
        for item in (notes.itemAt(i) for i in range(notes.count()))
        if item is not None and item.widget() is not None
    )


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_a_call_from_the_materials_step(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
    lang: str,
    large: bool,
) -> None:
    _, kp = platform
    tag = f"{lang}{'-large' if large else ''}"
    w = to_materials(ui, lang, large, 0)
    port = _equip(ui, w, kp, DAY)
    for code in ("hukou_book", "id_card_copy"):
        ui.click(w, f"btn_capture_{code}")
        ui.wait(lambda code=code: code in {p.material_code for p in ui.declaration.session.pages})

    ui.click(w, "btn_call_staff")
    ui.wait(lambda: w.current_screen_name() == "screen_video_consent")
    assert port.briefs == []  # nothing shared before the answer
    _check_layout(ui, w, f"21-video-consent-{tag}", large)
    ui.click(w, "btn_video_agree")
    brief = port.briefs[0]
    assert brief.step == "capturing" and brief.matter_code == ui.declaration.session.matter.code  # type: ignore[union-attr]
    port.say(E.RINGING)
    ui.wait(lambda: SAYS[lang]["ringing"] in ui.label(w, "video_call_title").text())
    port.say(E.ANSWERED)
    ui.wait(lambda: str(w.video_call.flow.state) == "in_call")  # type: ignore[union-attr]
    port.show(640, 480, (40, 120, 200))  # staff's camera (and the kiosk's own)
    call = w.video_call.screens.call  # type: ignore[union-attr]
    ui.wait(lambda: call.clerk_video.has_frame() and call.own_video.has_frame())
    port.say(E.NOTE, note=SAYS[lang]["note"])
    port.say(E.MATERIAL_APPROVED, material_code=MARRIAGE_CERT)
    ui.wait(lambda: SAYS[lang]["approved"] in _note_lines(w))
    assert SAYS[lang]["note"] in _note_lines(w)
    _check_layout(ui, w, f"21-video-call-{tag}", large)

    ui.click(w, "btn_video_hang_up")
    assert port.hung_up == [port.call_id]
    ui.wait(lambda: w.current_screen_name() == "screen_video_ended")
    assert not w.find_button("btn_video_callback")  # the resident hung up: no callback
    _check_layout(ui, w, f"21-video-ended-{tag}", large)
    ui.click(w, "btn_video_done")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    assert ui.declaration.session.deferred == {MARRIAGE_CERT}
    # staff's last word stands on the step, told calmly: it is no error
    assert SAYS[lang]["approved"] in w.banner.text()
    assert w.banner.property("kind") == "info"
    _check_layout(ui, w, f"21-video-back-with-note-{tag}", large)
    ui.click(w, "btn_next")  # the materials are complete: the journey goes on
    ui.wait(lambda: w.current_screen_name() != "screen_capturing")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_no_answer_offers_the_callback_which_reaches_the_back_office(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
    lang: str,
    large: bool,
) -> None:
    server, kp = platform
    w = ui.window(lang, large)
    port = _equip(ui, w, kp, DAY)
    ui.click(w, "btn_start")
    ui.click(w, "btn_call_staff")
    ui.click(w, "btn_video_agree")
    assert port.briefs[0].matter_code == ""  # called from the home screen: no case
    port.say(E.NO_ANSWER)
    ui.wait(lambda: w.current_screen_name() == "screen_video_unavailable")
    _check_layout(ui, w, f"21-video-no-answer-{lang}{'-large' if large else ''}", large)
    ui.click(w, "btn_video_callback")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    for digit in "13800138001":
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: [c["kind"] for c in _desk_calls(server)] == ["callback"])


def test_the_platform_away_is_said_plainly(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
) -> None:
    _, kp = platform
    w = ui.window("en")
    port = _equip(ui, w, kp, DAY)
    ui.click(w, "btn_start")
    ui.click(w, "btn_call_staff")
    ui.click(w, "btn_video_agree")
    port.say(E.FAILED, detail="signalling unreachable")
    ui.wait(lambda: w.current_screen_name() == "screen_video_unavailable")
    assert "network is down" in ui.label(w, "video_unavailable_body").text()
    assert w.find_button("btn_video_callback") is not None


def test_declining_the_camera_makes_the_plain_call(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
) -> None:
    server, kp = platform
    w = ui.window("zh")
    port = _equip(ui, w, kp, DAY)
    w.start_service("declare")
    step = w.help_step()
    ui.click(w, "btn_call_staff")
    ui.click(w, "btn_video_decline")
    ui.wait(lambda: [c["kind"] for c in _desk_calls(server)] == ["attend"])
    assert _desk_calls(server)[0]["step"] == step
    assert port.briefs == []
    assert w.current_screen_name() != "screen_video_consent"


def test_outside_the_hours_the_callback_as_before(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
) -> None:
    _, kp = platform
    w = ui.window("zh")
    port = _equip(ui, w, kp, NIGHT)
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: w.help_overlay is not None and w.help_overlay.isVisible())
    assert w.current_screen_name() != "screen_video_consent"
    assert port.briefs == []


def test_the_idle_timeout_at_the_consent_wipes_the_journey_too(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
) -> None:
    _, kp = platform
    w = to_materials(ui, "zh", False, 0)
    _equip(ui, w, kp, DAY)
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: w.current_screen_name() == "screen_video_consent")
    assert w.idle._is_active()  # a consent left unanswered may time out
    w._on_idle_expired()
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    assert str(ui.declaration.state) == "idle" and ui.declaration.session.card is None


def test_in_the_call_no_idle_reset_and_a_large_text_switch_keeps_the_call(
    ui: UiEnv,
    platform: Platform,  # noqa: F811 (the imported fixture)
) -> None:
    _, kp = platform
    w = to_materials(ui, "zh", False, 0)
    port = _equip(ui, w, kp, DAY)
    ui.click(w, "btn_call_staff")
    ui.click(w, "btn_video_agree")
    port.say(E.ANSWERED)
    ui.wait(lambda: w.current_screen_name() == "screen_video_call")
    assert not w.idle._is_active()  # the resident is talking: no "are you still there?"
    port.say(E.NOTE, note="请稍等")
    ui.wait(lambda: "请稍等" in _note_lines(w))
    w.set_large_text(True)  # the screens are built anew at the other scale
    ui.wait(lambda: w.current_screen_name() == "screen_video_call")
    assert "请稍等" in _note_lines(w)
    ui.click(w, "btn_video_hang_up")
    ui.click(w, "btn_video_done")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    assert w.idle._is_active()
