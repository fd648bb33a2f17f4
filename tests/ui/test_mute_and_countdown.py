"""On a real kiosk (issue 19 item 11): the header's speaker mark mutes the voice for the
resident's session, and every resident screen shows the seconds counting down before
the idle wipe."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from flows.lookup import LookupFlow
from kiosk.main_window import MainWindow
from kiosk.voice import RecordingSpeaker, VoicePrompter
from tests.ui.conftest import UiEnv


def test_the_speaker_mark_mutes_the_voice_until_the_session_ends(ui: UiEnv) -> None:
    w = ui.window(lang="zh")
    speaker = RecordingSpeaker()
    VoicePrompter(w, speaker, lambda: w.lang, w)
    w.go_home()
    assert speaker.said, "the home screen speaks"
    assert ui.button_text(w, "btn_mute") == "语音"
    ui.shot(w, "header_voice_on_zh")

    ui.click(w, "btn_mute")
    assert w.muted and ui.button_text(w, "btn_mute") == "已静音"
    ui.shot(w, "header_muted_zh")
    heard = len(speaker.said)
    w.start_service("collect")  # a new screen: nothing said while muted
    assert w.current_screen_name() != "screen_home"
    assert len(speaker.said) == heard

    w.set_large_text(True)  # the header is rebuilt: still muted, still marked so
    assert w.muted and ui.button_text(w, "btn_mute") == "已静音"
    w.set_lang("en")
    assert ui.button_text(w, "btn_mute") == "Muted"

    w.collection.cancel()  # the journey ends at home: same resident, still muted
    w.go_attract()  # the next resident hears the prompts again
    assert not w.muted
    w.go_home()
    assert len(speaker.said) > heard
    assert ui.button_text(w, "btn_mute") == "Voice"


def _lookup_window(ui: UiEnv, large: bool) -> MainWindow:
    lookup = LookupFlow(ui.devices.device_set(), ui.platform, ui.loop)
    w = ui.window(large_text=large, lookup=lookup, idle_warning_s=5)
    ui.auto_consent = False  # the consent screen is a resident screen too
    return w


SCREENS: dict[str, Callable[[MainWindow], None]] = {
    "home": lambda w: w.go_home(),
    "coming_soon": lambda w: w.start_service("certificate"),
    "declaration": lambda w: w.start_service("declare"),
    "collection": lambda w: w.start_service("collect"),
    "lookup": lambda w: w.start_service("progress"),
}


@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("where", list(SCREENS))
def test_every_resident_screen_counts_the_seconds_down_before_the_wipe(
    ui: UiEnv, where: str, large: bool
) -> None:
    w = _lookup_window(ui, large)
    SCREENS[where](w)
    assert w.current_screen_name() != "screen_attract"
    w.idle.set_timeout(0.05)  # the quiet spell is over at once
    overlay = w.idle.overlay
    ui.wait(lambda: overlay.isVisible())
    assert overlay.countdown.text() == "5"
    assert "5" in overlay.body.text()
    ui.wait(lambda: overlay.countdown.text() == "4")  # the seconds count down
    assert "4" in overlay.body.text()
    if where == "lookup" and not large:
        ui.shot(w, "idle_countdown_zh")
    ui.qtbot.mouseClick(overlay.cont, Qt.MouseButton.LeftButton)  # still there
    assert not overlay.isVisible()
    assert w.current_screen_name() != "screen_attract"
    w.idle.set_timeout(600)
