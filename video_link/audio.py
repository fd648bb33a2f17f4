"""The call's sound: the kiosk's microphone when it has one, else silence.

A microphone is an ALSA capture device (``/dev/snd/pcmC<card>D<device>c``) opened
through FFmpeg's ``alsa`` input (aiortc's ``MediaPlayer``). A kiosk without one (this
is the common case: many cabinets have only a speaker) sends a silent audio track, so
the clerk's page still gets a normal two-way call; the log says which it is.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from aiortc.contrib.media import MediaPlayer
from aiortc.mediastreams import AudioStreamTrack, MediaStreamTrack

log = logging.getLogger(__name__)

SOUND_DEVICES = Path("/dev/snd")
_CAPTURE = re.compile(r"^pcmC(\d+)D(\d+)c$")


@dataclass
class Microphone:
    """The outgoing audio: ``track``, and the player to stop with it (None: silence)."""

    track: MediaStreamTrack
    player: MediaPlayer | None
    source: str  # "hw:0,0" or "silence", for the log

    def stop(self) -> None:
        self.track.stop()


def capture_devices(devices: Path = SOUND_DEVICES) -> list[str]:
    """ALSA names (``hw:card,device``) of the capture devices under ``devices``."""
    if not devices.is_dir():
        return []
    found = (_CAPTURE.match(p.name) for p in sorted(devices.iterdir()))
    return [f"hw:{m.group(1)},{m.group(2)}" for m in found if m is not None]


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
