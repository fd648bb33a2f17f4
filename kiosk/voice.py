"""Voice prompts (语音提示): each screen says what to do, in the current language.

PySide6-Essentials has no QtMultimedia, so prompts are spoken by the offline
``espeak-ng`` (Debian package; Mandarin voice ``cmn``) in a child process: the
GUI thread only starts it and never waits. A new prompt stops the one still
speaking. Recorded clips can replace the TTS per prompt: ``assets/voice/<lang>/
<screen>.wav`` is played with ``aplay`` when present.

Prompts are UI strings (``voice.<screen id>`` in ``kiosk/i18n/journeys.py``; the
face check's steps, ``voice.face_step.<step>`` in ``kiosk/i18n/face.py``, are said as
the step changes, through the window's ``voice_prompt``): never personal data.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QObject

from kiosk import i18n
from kiosk.paths import ASSETS

log = logging.getLogger(__name__)

CLIPS = ASSETS / "voice"
_VOICES = {"zh": "cmn", "en": "en"}


class Speaker(Protocol):
    def say(self, text: str, lang: str, clip: Path | None = None) -> None: ...

    def stop(self) -> None: ...


class NullSpeaker:
    def say(self, text: str, lang: str, clip: Path | None = None) -> None:
        pass

    def stop(self) -> None:
        pass


class RecordingSpeaker:
    """For tests: remembers what would have been said."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def say(self, text: str, lang: str, clip: Path | None = None) -> None:
        self.said.append((lang, text))

    def stop(self) -> None:
        pass


class ProcessSpeaker:
    """``espeak-ng`` (or ``aplay`` for a recorded clip) in a child process, never awaited."""

    def __init__(self, espeak: str, aplay: str | None = None, rate_wpm: int = 150) -> None:
        self.espeak = espeak
        self.aplay = aplay
        self.rate = rate_wpm
        self._proc: subprocess.Popen[bytes] | None = None

    def say(self, text: str, lang: str, clip: Path | None = None) -> None:
        self.stop()
        if clip is not None and self.aplay is not None:
            argv = [self.aplay, "-q", str(clip)]
        else:
            argv = [self.espeak, "-v", _VOICES.get(lang, "en"), "-s", str(self.rate), "--", text]
        try:
            self._proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError as exc:
            log.warning("voice prompt not played", extra={"error": type(exc).__name__})

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()  # our own child, by its handle


def default_speaker() -> Speaker:
    """espeak-ng when installed and not switched off (``KIOSK_VOICE=0``), else silence."""
    if os.environ.get("KIOSK_VOICE", "1") == "0":
        return NullSpeaker()
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        log.info("no espeak-ng: voice prompts off")
        return NullSpeaker()
    return ProcessSpeaker(espeak, shutil.which("aplay"))


def prompt_key(screen_name: str) -> str:
    return "voice." + screen_name.removeprefix("screen_")


class VoicePrompter(QObject):
    """Speaks the prompt of every screen the window shows (``screen_changed``)."""

    def __init__(
        self, window: object, speaker: Speaker, lang: object, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.speaker = speaker
        self._lang = lang
        self.enabled = True
        signal = getattr(window, "screen_changed")  # noqa: B009 - a Qt signal
        signal.connect(self.on_screen)
        prompts = getattr(window, "voice_prompt", None)
        if prompts is not None:
            prompts.connect(self.on_prompt)
        muted = getattr(window, "muted_changed", None)
        if muted is not None:  # the header's speaker mark
            muted.connect(self.set_muted)

    def set_muted(self, muted: bool) -> None:
        """Muted: nothing is said (what is being said stops) until unmuted."""
        self.enabled = not muted
        if muted:
            self.speaker.stop()

    def on_screen(self, screen_name: str) -> None:
        self.on_prompt(prompt_key(screen_name))

    def on_prompt(self, key: str) -> None:
        """Say the prompt ``key`` (``voice.<name>``; a clip ``<name>.wav`` replaces it)."""
        if not self.enabled or key not in i18n.STRINGS:
            return
        lang = str(self._lang() if callable(self._lang) else self._lang)
        clip = CLIPS / lang / f"{key.removeprefix('voice.')}.wav"
        self.speaker.say(i18n.tr(key, lang), lang, clip if clip.exists() else None)

    def stop(self) -> None:
        self.speaker.stop()
