"""What the clerk sends, as it arrives: each decoded video frame as RGB to the screen's
sink; the sound, when the kiosk has no speaker, received and dropped."""

from __future__ import annotations

import logging
from collections.abc import Callable

from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from flows.video_call_ports import FrameSink, VideoFrame

log = logging.getLogger(__name__)


async def drain(track: MediaStreamTrack) -> None:
    """Receive ``track`` and let it go (the clerk's sound on a kiosk with no speaker)."""
    try:
        while True:
            await track.recv()
    except MediaStreamError:
        return


async def forward_frames(track: MediaStreamTrack, sink: Callable[[], FrameSink | None]) -> int:
    """Decode ``track`` until it ends, handing each frame to the sink ``sink()`` names at
    that moment (None: dropped, the track still drained); returns how many frames came."""
    count = 0
    while True:
        try:
            frame = await track.recv()
        except MediaStreamError:
            log.info("clerk video ended", extra={"frames": count})
            return count
        count += 1
        to = sink()
        if to is not None:
            pixels = frame.to_ndarray(format="rgb24")  # type: ignore[union-attr]
            height, width = pixels.shape[:2]
            to(VideoFrame(width, height, pixels.tobytes()))
