"""A clerk for the video tests: a second aiortc peer that takes the kiosk's call
through the running simulator's back-office routes, sends a picture of one colour and a
tone, and counts the frames it gets; and a camera that offers frames of one colour to a
sink."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

import av
import numpy as np
import requests
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError, MediaStreamTrack

from device_contracts import PreviewFrame, PreviewSink
from platform_sim.seed import BACKOFFICE_TOKEN
from video_link.camera_track import CameraTrack
from video_link.loop_thread import LoopThread

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


def colour_track(rgb: tuple[int, int, int], size: tuple[int, int] = (320, 240)) -> CameraTrack:
    """The clerk's camera: frames of one colour (the kiosk's own track, shown one frame,
    sends it at its rate)."""
    track = CameraTrack(size=size)
    track.offer(PreviewFrame(bytes(rgb) * (size[0] * size[1]), *size))
    return track


class Clerk:
    """The back office's side of one call, on a loop thread of its own."""

    def __init__(self, api: str, rgb: tuple[int, int, int] = (200, 30, 30)) -> None:
        self.api = api
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {BACKOFFICE_TOKEN}"
        self.rgb = rgb
        self.frames_seen = 0
        self.last_mean: tuple[float, float, float] | None = None
        self.last_spread = 0.0  # a plain picture has none
        self._link = LoopThread("test-clerk")
        self._pc: RTCPeerConnection | None = None
        self._tasks: list[asyncio.Future[None]] = []

    def ringing(self) -> list[dict[str, object]]:
        r = self.http.get(f"{self.api}/backoffice/video-calls", params={"state": "ringing"})
        r.raise_for_status()
        calls: list[dict[str, object]] = r.json()["calls"]
        return calls

    def answer(self, call_id: str) -> None:
        call = self.http.get(f"{self.api}/backoffice/video-calls/{call_id}").json()
        sdp = self._link.submit(self._answer(str(call["offer_sdp"]))).result(PATIENCE_S)
        r = self.http.post(
            f"{self.api}/backoffice/video-calls/{call_id}/answer", json={"answer_sdp": sdp}
        )
        r.raise_for_status()

    def say(self, call_id: str, body: dict[str, str]) -> None:
        r = self.http.post(f"{self.api}/backoffice/video-calls/{call_id}/messages", json=body)
        r.raise_for_status()

    def hang_up(self, call_id: str) -> None:
        self.http.post(f"{self.api}/backoffice/video-calls/{call_id}/hang-up").raise_for_status()

    def close(self) -> None:
        if self._pc is not None:
            self._link.submit(self._pc.close()).result(PATIENCE_S)
        self._link.stop()

    async def _answer(self, offer: str) -> str:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self._pc = pc

        @pc.on("track")
        def _on_track(track: MediaStreamTrack) -> None:
            if track.kind == "video":
                self._tasks.append(asyncio.ensure_future(self._watch(track)))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        pc.addTrack(colour_track(self.rgb))
        pc.addTrack(ToneTrack())
        await pc.setLocalDescription(await pc.createAnswer())
        return str(pc.localDescription.sdp)

    async def _watch(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                pixels = frame.to_ndarray(format="rgb24")  # type: ignore[union-attr]
                mean = pixels.reshape(-1, 3).mean(axis=0)
                self.last_mean = (float(mean[0]), float(mean[1]), float(mean[2]))
                self.last_spread = float(pixels.std())
                self.frames_seen += 1
        except MediaStreamError:
            return


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
