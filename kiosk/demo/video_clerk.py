"""The back office's clerk in the video-call tour: a second aiortc peer that takes the
kiosk's call through the simulator's back-office routes (as the clerks' page does in a
browser), films a drawn clerk (a silhouette at a desk: the demo has no clerk's camera),
watches the kiosk's picture, writes a note and approves a missing material. The video
link's tests take the same clerk with a picture of one colour and a voice, and read
the last frame it saw of the kiosk.

It runs on a :class:`~video_link.loop_thread.LoopThread` of its own, so the tour's GUI
thread only waits on its answers."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import av
import cv2
import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription, VideoStreamTrack
from aiortc.mediastreams import MediaStreamError, MediaStreamTrack

from kiosk.demo.back_office import BackOffice
from video_link.loop_thread import LoopThread

log = logging.getLogger(__name__)

#: how long the tour waits for the clerk's peer (an answer with every candidate)
ANSWER_S = 30.0


def clerk_picture(width: int = 640, height: int = 480) -> np.ndarray[Any, Any]:
    """RGB: a clerk's silhouette before the service centre's blue wall, a desk below."""
    pixels = np.empty((height, width, 3), np.uint8)
    pixels[:] = (22, 70, 140)
    cx = width // 2
    cv2.ellipse(pixels, (cx, height), (width // 4, height // 3), 0, 180, 360, (235, 238, 242), -1)
    cv2.circle(pixels, (cx, height // 2 - height // 12), height // 7, (235, 238, 242), -1)
    cv2.rectangle(pixels, (0, height - height // 8), (width, height), (120, 84, 52), -1)
    cv2.putText(
        pixels, "BACK OFFICE 01", (24, 48), cv2.FONT_HERSHEY_SIMPLEX, 1.1, (255, 255, 255), 2
    )
    return pixels


class _Picture(VideoStreamTrack):
    """The clerk's camera: one picture (RGB), at the track's frame rate."""

    def __init__(self, pixels: np.ndarray[Any, Any]) -> None:
        super().__init__()
        self._pixels = pixels

    async def recv(self) -> av.VideoFrame:
        pts, time_base = await self.next_timestamp()
        frame = av.VideoFrame.from_ndarray(self._pixels, format="rgb24")
        frame.pts, frame.time_base = pts, time_base
        return frame


class DemoClerk:
    """One clerk, one call at a time. ``picture``: what the clerk's camera films (RGB;
    the drawn clerk by default); ``voice``: makes the track of the clerk's voice for
    each call (None: the clerk's side sends no sound)."""

    def __init__(
        self,
        platform_url: str,
        picture: np.ndarray[Any, Any] | None = None,
        voice: Callable[[], MediaStreamTrack] | None = None,
    ) -> None:
        self.office = BackOffice(platform_url)
        self._picture = clerk_picture() if picture is None else picture
        self._voice = voice
        #: frames of the kiosk's camera the clerk has seen (the resident is on screen)
        self.frames_seen = 0
        #: the last of them
        self.last_frame: av.VideoFrame | None = None
        self._link = LoopThread("demo-clerk")
        self._pc: RTCPeerConnection | None = None
        self._watching: list[asyncio.Task[None]] = []

    def ringing(self) -> list[str]:
        """The ids of the calls ringing at the back office."""
        calls = self.office.call("GET", "video-calls", state="ringing")["calls"]
        return [str(c["call_id"]) for c in calls]

    def state(self, call_id: str) -> str:
        """The call's state as the platform has it (ringing, answered, ended, missed)."""
        return str(self.office.call("GET", f"video-calls/{call_id}")["state"])

    def case(self, call_id: str) -> dict[str, Any]:
        """The case draft the kiosk sent with the call (matter, step, materials)."""
        case: dict[str, Any] = self.office.call("GET", f"video-calls/{call_id}")["case"]
        return case

    def answer(self, call_id: str) -> None:
        offer = str(self.office.call("GET", f"video-calls/{call_id}")["offer_sdp"])
        sdp = self._link.submit(self._answer(offer)).result(ANSWER_S)
        self.office.call("POST", f"video-calls/{call_id}/answer", {"answer_sdp": sdp})

    def note(self, call_id: str, text: str) -> None:
        self.office.call("POST", f"video-calls/{call_id}/messages", {"kind": "note", "note": text})

    def approve(self, call_id: str, material_code: str) -> None:
        body = {"kind": "material_approved", "material_code": material_code}
        self.office.call("POST", f"video-calls/{call_id}/messages", body)

    def hang_up(self, call_id: str) -> None:
        self.office.call("POST", f"video-calls/{call_id}/hang-up")

    def close(self) -> None:
        if self._pc is not None:
            self._link.submit(self._pc.close()).result(ANSWER_S)
        self._link.stop()

    async def _answer(self, offer: str) -> str:
        if self._pc is not None:
            await self._pc.close()
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))  # loopback: no STUN
        self._pc = pc

        @pc.on("track")
        def _on_track(track: MediaStreamTrack) -> None:
            if track.kind == "video":
                self._watching.append(asyncio.ensure_future(self._watch(track)))

        await pc.setRemoteDescription(RTCSessionDescription(sdp=offer, type="offer"))
        pc.addTrack(_Picture(self._picture))
        if self._voice is not None:
            pc.addTrack(self._voice())
        await pc.setLocalDescription(await pc.createAnswer())  # every candidate gathered
        return str(pc.localDescription.sdp)

    async def _watch(self, track: MediaStreamTrack) -> None:
        try:
            while True:
                frame = await track.recv()
                if isinstance(frame, av.VideoFrame):
                    self.last_frame = frame
                self.frames_seen += 1
        except MediaStreamError:
            log.info("the kiosk's video ended")
