"""The call's sound: the microphone's ALSA capture devices are found by their device
nodes, and a kiosk with none, or one that does not open, sends silence; the clerk's
voice goes out through ALSA when the kiosk has a playback device, else nowhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
from aiortc.mediastreams import AudioStreamTrack

from kiosk.paths import PROJECT_ROOT
from video_link.audio import capture_devices, open_microphone, open_speaker, pcm_devices


def test_capture_devices_are_the_pcm_nodes_ending_in_c(tmp_path: Path) -> None:
    for name in ("pcmC0D0p", "pcmC1D0c", "pcmC0D2c", "controlC0", "timer"):
        (tmp_path / name).touch()
    assert capture_devices(tmp_path) == ["hw:0,2", "hw:1,0"]
    assert capture_devices(tmp_path / "absent") == []


def test_no_microphone_sends_silence(tmp_path: Path) -> None:
    mic = open_microphone(tmp_path)
    assert (mic.source, mic.player) == ("silence", None)
    assert isinstance(mic.track, AudioStreamTrack)
    mic.stop()


def test_a_microphone_that_does_not_open_falls_back_to_silence(tmp_path: Path) -> None:
    (tmp_path / "pcmC9D9c").touch()  # no such ALSA card: FFmpeg cannot open hw:9,9
    mic = open_microphone(tmp_path)
    assert mic.source == "silence"
    mic.stop()


def test_no_playback_device_drops_the_clerks_voice(tmp_path: Path) -> None:
    (tmp_path / "pcmC0D0c").touch()  # a microphone is not a speaker
    assert pcm_devices(tmp_path, "p") == []
    assert open_speaker(devices=tmp_path).recorder is None


PLAY_A_TONE = """
import asyncio, sys
from tests.video.clerk import ToneTrack
from video_link.audio import open_speaker

async def main():
    speaker = open_speaker(sys.argv[1])
    assert await speaker.play(ToneTrack())
    await asyncio.sleep(0.5)
    await speaker.stop()

asyncio.run(main())
"""


def test_the_clerks_voice_goes_out_through_alsa(tmp_path: Path) -> None:
    """FFmpeg's ALSA output as the kiosk uses it, into ALSA's file plugin (a PCM device
    that writes what it is played: this machine has no sound card). In a child process:
    ALSA reads its configuration once per process."""
    raw = tmp_path / "played.raw"
    conf = tmp_path / "asound.conf"
    conf.write_text(
        f'pcm.kiosk_speaker {{ type file slave.pcm {{ type null }} file "{raw}" format "raw" }}\n'
    )
    env = dict(os.environ, ALSA_CONFIG_PATH=str(conf))
    done = subprocess.run(
        [sys.executable, "-c", PLAY_A_TONE, "kiosk_speaker"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    samples = np.frombuffer(raw.read_bytes(), dtype="<i2")
    assert samples.size > 0 and np.abs(samples).max() > 4000  # the tone, not silence
