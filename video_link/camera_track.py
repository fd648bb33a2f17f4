"""The face camera's live picture as the call's outgoing video: a
:class:`~device_contracts.PreviewSink` the camera offers frames to (on its thread),
and an aiortc ``VideoStreamTrack`` the encoder pulls from (on the link's loop).

Only the newest frame is kept: a slow encoder drops frames, never queues them. Until
the camera's first frame (or while it gives none) the clerk sees a plain grey picture.
Nothing of a frame is logged or stored.
"""

from __future__ import annotations

import asyncio
import fractions
import threading
import time

import av
import numpy as np
from aiortc import VideoStreamTrack

from device_contracts import PreviewFrame
from flows.video_call_ports import FrameSink, VideoFrame

#: the picture sent to the clerk; small and slow enough for two shared cores
SIZE = (480, 360)
FPS = 15
CLOCK_RATE = 90_000
TIME_BASE = fractions.Fraction(1, CLOCK_RATE)
GREY = 0x50


class CameraTrack(VideoStreamTrack):
    kind = "video"

    def __init__(self, own: FrameSink | None = None, size: tuple[int, int] = SIZE) -> None:
        super().__init__()
        self._size = size
        self._own = own
        self._lock = threading.Lock()
        self._latest: PreviewFrame | None = None
        self._blank = bytes([GREY]) * (size[0] * size[1] * 3)
        self._began: float | None = None
        self._pts = 0

    # PreviewSink: the camera's side ------------------------------------------------
    @property
    def size(self) -> tuple[int, int]:
        return self._size

    @property
    def mirror(self) -> bool:
        return False  # the clerk sees the resident as a visitor would, not as a mirror

    def offer(self, frame: PreviewFrame) -> None:
        with self._lock:
            self._latest = frame
            own = self._own
        if own is not None:
            own(VideoFrame(frame.width, frame.height, frame.rgb))

    def set_own_sink(self, own: FrameSink | None) -> None:
        with self._lock:
            self._own = own

    # MediaStreamTrack: the encoder's side ------------------------------------------
    async def recv(self) -> av.VideoFrame:
        await self._pace()
        with self._lock:
            latest = self._latest
        if latest is None:
            width, height, rgb = self._size[0], self._size[1], self._blank
        else:
            width, height, rgb = latest.width, latest.height, latest.rgb
        pixels = np.frombuffer(rgb, dtype=np.uint8).reshape(height, width, 3)
        frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
        frame.pts = self._pts
        frame.time_base = TIME_BASE
        return frame

    async def _pace(self) -> None:
        """One frame every 1/FPS seconds of wall time, the timestamps following."""
        if self._began is None:
            self._began = time.monotonic()
            return
        self._pts += CLOCK_RATE // FPS
        wait = self._began + self._pts / CLOCK_RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
