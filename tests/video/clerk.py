"""What the video tests add to the tour's clerk (kiosk/demo/video_clerk.py, which they
use): a picture of one colour and a voice for it, the colour and spread of a frame it
saw, and a camera that offers frames of one colour to a sink."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import av
import numpy as np
from aiortc.mediastreams import AudioStreamTrack

from device_contracts import PreviewFrame, PreviewSink

#: how long a test waits for something the link does (bounded waits, not timings)
PATIENCE_S = 30.0


def wait_until(what: str, check: Callable[[], bool], limit: float = PATIENCE_S) -> None:
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        time.sleep(0.05)


class ToneTrack(AudioStreamTrack):
    """The clerk's voice: a 440 Hz tone on aiortc's silent track's timing."""

    async def recv(self) -> av.AudioFrame:
        frame = await super().recv()
        assert isinstance(frame, av.AudioFrame) and frame.pts is not None
        t = (np.arange(frame.samples) + frame.pts) / frame.sample_rate
        frame.planes[0].update((np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes())
        return frame


def plain_picture(rgb: tuple[int, int, int], size: tuple[int, int] = (320, 240)) -> Any:
    """The clerk's camera filming one colour (an RGB array for ``DemoClerk``)."""
    width, height = size
    return np.full((height, width, 3), rgb, np.uint8)


def mean_colour(frame: av.VideoFrame | None) -> tuple[float, float, float] | None:
    if frame is None:
        return None
    mean = frame.to_ndarray(format="rgb24").reshape(-1, 3).mean(axis=0)
    return (float(mean[0]), float(mean[1]), float(mean[2]))


def spread(frame: av.VideoFrame | None) -> float:
    """How much the picture varies (a plain one: none)."""
    return 0.0 if frame is None else float(frame.to_ndarray(format="rgb24").std())


class ColourCamera:
    """A camera for the link's ``CameraFeed``: frames of one colour, at the sink's size,
    offered from a thread of its own as a face device does, until stopped."""

    def __init__(self, rgb: tuple[int, int, int]) -> None:
        self.rgb = rgb
        self.offered = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, sink: PreviewSink) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._film, args=(sink,), daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def _film(self, sink: PreviewSink) -> None:
        width, height = sink.size
        frame = PreviewFrame(bytes(self.rgb) * (width * height), width, height)
        while not self._stop.wait(1 / 20):
            sink.offer(frame)
            self.offered += 1
