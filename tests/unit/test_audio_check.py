"""``kiosk doctor``'s audio line, through the real subprocess path: a PATH of small
scripts stands in for the binaries (missing, no sound card, a voice that cannot speak)
and the machine's own espeak-ng when it has one."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from kiosk.ops.audio_check import INSTALL, NO_DEVICE, NO_SPEECH, audio_check

APLAY_CARD = """#!/bin/sh
[ "$1" = -l ] || exit 1
echo '**** List of PLAYBACK Hardware Devices ****'
echo 'card 0: PCH [HDA Intel PCH], device 0: ALC892 Analog [ALC892 Analog]'
echo '  Subdevices: 1/1'
"""
APLAY_NONE = """#!/bin/sh
echo 'aplay: device_list:274: no soundcards found...' >&2
exit 1
"""
ESPEAK_OK = """#!/bin/sh
# -v cmn -w FILE -- TEXT: a RIFF header and some samples
while [ $# -gt 0 ]; do [ "$1" = -w ] && out=$2; shift; done
{ printf 'RIFF'; head -c 2000 /dev/zero; } > "$out"
"""
ESPEAK_MUTE = """#!/bin/sh
echo 'espeak-ng: no voice data' >&2
exit 1
"""


def bin_dir(tmp_path: Path, **scripts: str) -> str:
    d = tmp_path / "bin"
    d.mkdir()
    for name, text in scripts.items():
        f = d / name.replace("_", "-")
        f.write_text(text)
        f.chmod(f.stat().st_mode | stat.S_IXUSR)
    return str(d)


@pytest.fixture(autouse=True)
def voice_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KIOSK_VOICE", raising=False)


def test_a_speaking_voice_and_a_sound_card_pass(tmp_path: Path) -> None:
    check = audio_check(bin_dir(tmp_path, espeak_ng=ESPEAK_OK, aplay=APLAY_CARD))
    assert check.ok and not check.warning, check
    assert "1 playback device" in check.summary


def test_a_missing_binary_is_named_with_the_install_step(tmp_path: Path) -> None:
    check = audio_check(bin_dir(tmp_path, espeak_ng=ESPEAK_OK))
    assert check.warning and check.summary == "aplay not installed"
    assert check.next_step == INSTALL


def test_no_sound_card_is_told_with_its_next_step(tmp_path: Path) -> None:
    check = audio_check(bin_dir(tmp_path, espeak_ng=ESPEAK_OK, aplay=APLAY_NONE))
    assert check.warning and "no ALSA playback device" in check.summary
    assert check.next_step == NO_DEVICE


def test_a_voice_that_cannot_speak_is_told(tmp_path: Path) -> None:
    check = audio_check(bin_dir(tmp_path, espeak_ng=ESPEAK_MUTE, aplay=APLAY_CARD))
    assert check.warning and check.next_step == NO_SPEECH


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="no espeak-ng on this machine")
def test_the_machines_own_espeak_ng_synthesises_mandarin(tmp_path: Path) -> None:
    real = Path(str(shutil.which("espeak-ng")))
    d = Path(bin_dir(tmp_path, aplay=APLAY_CARD))
    (d / "espeak-ng").symlink_to(real)
    check = audio_check(str(d))
    assert check.ok and not check.warning, check


def test_switched_off_voice_is_not_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_VOICE", "0")
    check = audio_check("/nonexistent")
    assert check.ok and not check.warning
