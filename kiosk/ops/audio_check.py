"""``kiosk doctor``'s audio line: can the kiosk speak its voice prompts (kiosk/voice.py)?

The voice runs ``espeak-ng`` (and ``aplay`` for recorded clips) in child processes, so
the check runs them as the kiosk would: both binaries on the PATH, an ALSA playback
device listed by ``aplay -l``, and ``espeak-ng`` able to synthesise a Mandarin prompt
to a file (the voice data present). A kiosk without a voice still serves residents,
so a problem is a warning with the next step, never a failed doctor.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from device_contracts import Text
from flows.domain import HealthCheck

__all__ = ["audio_check"]

#: each probe's limit: a wedged sound server must not hang the doctor
PROBE_TIMEOUT_S = 10.0

INSTALL = Text(
    "安装 espeak-ng 和 alsa-utils（install/install.sh 会安装）",
    "Install espeak-ng and alsa-utils (install/install.sh does)",
)
NO_DEVICE = Text(
    "检查扬声器连接（USB/HDMI）；`aplay -l` 应列出声卡，kiosk 用户须在 audio 组",
    "Check the speaker's cable (USB/HDMI); `aplay -l` must list a card, and the kiosk"
    " user be in the audio group",
)
NO_SPEECH = Text(
    "espeak-ng 无法合成语音：重新安装 espeak-ng 及其语音数据（espeak-ng-data）",
    "espeak-ng cannot speak: reinstall espeak-ng and its voice data (espeak-ng-data)",
)


def audio_check(path: str | None = None) -> HealthCheck:
    """``path``: where to look for the binaries (None: the process's PATH)."""
    if os.environ.get("KIOSK_VOICE", "1") == "0":
        return HealthCheck("audio", True, "voice prompts switched off (KIOSK_VOICE=0)")
    espeak = shutil.which("espeak-ng", path=path)
    aplay = shutil.which("aplay", path=path)
    missing = [name for name, found in (("espeak-ng", espeak), ("aplay", aplay)) if not found]
    if missing:
        return _warn(f"{', '.join(missing)} not installed", INSTALL)
    assert espeak is not None and aplay is not None
    cards = _playback_cards(aplay)
    if cards == 0:
        return _warn("no ALSA playback device (aplay -l lists no card)", NO_DEVICE)
    if not _speaks(espeak):
        return _warn("espeak-ng could not synthesise a prompt", NO_SPEECH)
    return HealthCheck("audio", True, f"espeak-ng speaks; {cards} playback device(s)")


def _warn(summary: str, step: Text) -> HealthCheck:
    return HealthCheck("audio", True, summary, step, warning=True)


def _playback_cards(aplay: str) -> int:
    """How many playback devices ``aplay -l`` lists (lines ``card N: ...``)."""
    try:
        done = subprocess.run(
            [aplay, "-l"],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return 0
    return sum(1 for line in done.stdout.splitlines() if line.startswith("card "))


def _speaks(espeak: str) -> bool:
    """``espeak-ng`` writes a WAV of a short Mandarin prompt (the ``cmn`` voice)."""
    with tempfile.TemporaryDirectory(prefix="kiosk-audio-") as tmp:
        wav = Path(tmp) / "probe.wav"
        try:
            subprocess.run(
                [espeak, "-v", "cmn", "-w", str(wav), "--", "请取回身份证"],
                capture_output=True,
                timeout=PROBE_TIMEOUT_S,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            return False
        # a RIFF header is 44 bytes: more means samples were written
        return wav.exists() and wav.stat().st_size > 44 and wav.read_bytes()[:4] == b"RIFF"
