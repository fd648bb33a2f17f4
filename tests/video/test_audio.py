"""The call's sound source: the microphone's ALSA capture devices are found by their
device nodes; a kiosk with none, or one that does not open, sends silence."""

from __future__ import annotations

from pathlib import Path

from aiortc.mediastreams import AudioStreamTrack

from video_link.audio import capture_devices, open_microphone


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
