"""The call's sound: the kiosk's microphone when it has one, else silence; the clerk's
voice out of the kiosk's speaker when it has one.

A microphone is an ALSA capture device (``/dev/snd/pcmC<card>D<device>c``) opened
through FFmpeg's ``alsa`` input (aiortc's ``MediaPlayer``). A kiosk without one (this
is the common case: many cabinets have only a speaker) sends a silent audio track, so
the clerk's page still gets a normal two-way call; the log says which it is.

The clerk's voice is written to ALSA's ``default`` output (FFmpeg's ``alsa`` output
through aiortc's ``MediaRecorder``, 16-bit PCM) when the kiosk has a playback device
(``pcmC<card>D<device>p``), as the voice prompts are played; without one it is received
and dropped. A device that fails while playing ends the sound, not the call.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from aiortc.contrib.media import MediaPlayer, MediaRecorder
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack

log = logging.getLogger(__name__)

SOUND_DEVICES = Path("/dev/snd")
_PCM = re.compile(r"^pcmC(\d+)D(\d+)([cp])$")


@dataclass
class Microphone:
    """The outgoing audio: ``track``, and the player to stop with it (None: silence)."""

    track: MediaStreamTrack
    player: MediaPlayer | None
    source: str  # "hw:0,0" or "silence", for the log

    def stop(self) -> None:
        self.track.stop()


def pcm_devices(devices: Path = SOUND_DEVICES, direction: str = "c") -> list[str]:
    """ALSA names (``hw:card,device``) of the capture (``c``) or playback (``p``)
    devices under ``devices``."""
    if not devices.is_dir():
        return []
    found = (_PCM.match(p.name) for p in sorted(devices.iterdir()))
    return [f"hw:{m[1]},{m[2]}" for m in found if m is not None and m[3] == direction]


def capture_devices(devices: Path = SOUND_DEVICES) -> list[str]:
    return pcm_devices(devices, "c")


def open_microphone(devices: Path = SOUND_DEVICES) -> Microphone:
    for name in capture_devices(devices):
        try:
            player = MediaPlayer(name, format="alsa", options={"channels": "1"})
        except (OSError, ValueError) as exc:  # FFmpeg's errors are OSError subclasses
            log.warning(
                "microphone did not open", extra={"device": name, "error": type(exc).__name__}
            )
            continue
        if player.audio is not None:
            log.info("call audio from the microphone", extra={"device": name})
            return Microphone(player.audio, player, name)
    log.info("no microphone: the call sends silence")
    return Microphone(AudioStreamTrack(), None, "silence")


@dataclass
class Speaker:
    """Where the clerk's voice goes: ``recorder`` writes it to ``device`` (None: dropped)."""

    recorder: MediaRecorder | None
    device: str

    async def play(self, track: MediaStreamTrack) -> bool:
        """Start playing ``track``; False when there is nowhere to play it."""
        if self.recorder is None:
            return False
        self.recorder.addTrack(track)
        await self.recorder.start()
        return True

    async def stop(self) -> None:
        if self.recorder is not None:
            recorder, self.recorder = self.recorder, None
            try:
                await recorder.stop()
            except OSError as exc:  # the device went away mid-call: nothing to flush to
                log.info("speaker did not close", extra={"error": type(exc).__name__})


def open_speaker(
    device: str | None = None, *, fmt: str = "alsa", devices: Path = SOUND_DEVICES
) -> Speaker:
    """The clerk's voice to ``device`` in ``fmt`` (FFmpeg's names); None: ALSA's default
    output when the machine has a playback device, else nowhere."""
    if device is None:
        if not pcm_devices(devices, "p"):
            log.info("no speaker: the clerk's voice is not played")
            return Speaker(None, "none")
        device = "default"
    try:
        recorder = MediaRecorder(device, format=fmt)
    except (OSError, ValueError) as exc:
        log.warning("speaker did not open", extra={"device": device, "error": type(exc).__name__})
        return Speaker(None, "none")
    log.info("clerk's voice to the speaker", extra={"device": device})
    return Speaker(recorder, device)
