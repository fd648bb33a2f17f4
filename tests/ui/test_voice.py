"""Voice prompts: every journey screen asks for its prompt, in the current language,
without waiting for the audio."""

from __future__ import annotations

import time

from kiosk import i18n
from kiosk.voice import ProcessSpeaker, RecordingSpeaker, VoicePrompter, prompt_key
from tests.ui.conftest import UiEnv


def test_each_screen_requests_its_prompt_in_the_current_language(ui: UiEnv) -> None:
    w = ui.window("zh")
    speaker = RecordingSpeaker()
    VoicePrompter(w, speaker, lambda: w.lang, parent=w)
    ui.click(w, "btn_start")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    w.set_lang("en")
    ui.click(w, "btn_home_declare")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_matter")
    assert speaker.said == [
        ("zh", i18n.tr("voice.home", "zh")),
        ("en", "Please choose the service"),
    ]


def test_resident_screens_all_have_a_prompt_in_both_languages() -> None:
    for screen in (
        "attract",
        "home",
        "reading_card",
        "face_consent",
        "assisted",
        "assist_card",
        "assist_pin",
        "assist_locked",
        "face_check",
        "face_failed",  # the declaration's, and the pickup by ID card's after the last try
        "guide",  # a matter's guide, before the card
        "capturing",
        "choosing_delivery",  # 物流服务: the locker or the post, then the address
        "delivery_address",
        "depositing",
        "done",
        "entering_code",
        "collecting",
        "identifying",
        "progress_results",
    ):
        key = prompt_key(f"screen_{screen}")
        assert key in i18n.STRINGS, key
        assert i18n.tr(key, "zh") and i18n.tr(key, "en")


def test_the_speaker_never_blocks_the_gui_thread(tmp_path) -> None:  # type: ignore[no-untyped-def]
    slow = tmp_path / "slow-tts"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    speaker = ProcessSpeaker(str(slow))
    start = time.monotonic()
    speaker.say("请将身份证放在读卡区", "zh")
    speaker.say("Please place your ID card on the reader", "en")  # stops the first
    assert time.monotonic() - start < 0.5
    speaker.stop()
