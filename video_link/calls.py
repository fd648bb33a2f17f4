"""The kiosk's video call with a clerk over WebRTC (aiortc), implementing the flow's
:class:`~flows.video_call_ports.VideoCallPort`.

Threads: ``start`` and ``hang_up`` return at once (called on the GUI thread); all of a
call runs on :class:`~video_link.loop_thread.LoopThread`'s event loop: the peer
connection, ICE and DTLS, the encoder pulling the camera's frames, the decoder pushing
the clerk's, and the signalling requests (each in ``asyncio.to_thread``, so a slow
platform never stalls the media). Events reach the flow's listener on that thread.

One call, from ``start``: the peer gathers every ICE candidate, the offer goes to the
platform with the case summary (RINGING), the platform is polled until a clerk's answer
(ANSWERED; the media flow peer to peer) or the ring runs out (NO_ANSWER); the clerk's
notes and approvals come as NOTE / MATERIAL_APPROVED, each once; the clerk's hang-up,
or the link failing, is ENDED. A platform that cannot be reached is FAILED before the
call is answered and ENDED after. ``hang_up`` ends it quietly (no event follows).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamTrack

from device_contracts import PreviewSink
from flows.video_call_ports import (
    CallBrief,
    CallEvent,
    CallEventKind,
    CallListener,
    FrameSink,
)
from platform_contract.video_calls import VideoCallOut, VideoCaseIn
from video_link.audio import Microphone, Speaker, open_microphone, open_speaker
from video_link.brief_wire import case_summary
from video_link.camera_track import CameraTrack
from video_link.frames import drain, forward_frames
from video_link.loop_thread import LoopThread
from video_link.signalling import Signalling, SignallingError

log = logging.getLogger(__name__)

#: seconds between two polls of the platform (answer, notes, hang-up)
POLL_S = 0.5
#: polls in a row that may fail before the call counts as lost
POLLS_LOST = 6


class CameraFeed(Protocol):
    """The face camera as the call uses it: ``start`` streams its live picture to
    ``sink`` until ``stop``."""

    def start(self, sink: PreviewSink) -> None: ...

    def stop(self) -> None: ...


@dataclass(eq=False)
class _Call:
    call_id: str
    listener: CallListener
    pc: RTCPeerConnection | None = None
    camera_track: CameraTrack | None = None
    microphone: Microphone | None = None
    speaker: Speaker | None = None
    run: concurrent.futures.Future[None] | None = None
    tasks: list[asyncio.Task[object]] = field(default_factory=list)
    answered: bool = False
    seen: int = 0  # the last clerk message handed on
    quiet: bool = False  # hung up by the kiosk: no more events
    released: bool = False


class WebRtcVideoCalls:
    def __init__(
        self,
        signalling: Signalling,
        camera: CameraFeed | None = None,
        *,
        microphone: Callable[[], Microphone] = open_microphone,
        speaker: Callable[[], Speaker] = open_speaker,
        poll_s: float = POLL_S,
    ) -> None:
        self._signalling = signalling
        self._camera = camera
        self._microphone = microphone
        self._speaker = speaker
        self._poll_s = poll_s
        self._link = LoopThread()
        self._lock = threading.Lock()
        self._current: _Call | None = None
        self._clerk_sink: FrameSink | None = None
        self._own_sink: FrameSink | None = None

    # the port ------------------------------------------------------------------------
    def start(self, brief: CallBrief, listener: CallListener) -> str:
        call = _Call(uuid.uuid4().hex, listener)
        with self._lock:
            previous, self._current = self._current, call
        if previous is not None:
            self._end(previous)
        call.run = self._link.submit(self._run(call, case_summary(brief)))
        log.info("video call started", extra={"call_id": call.call_id})
        return call.call_id

    def hang_up(self, call_id: str) -> None:
        with self._lock:
            call = self._current
            if call is None or call.call_id != call_id:
                return
            self._current = None
        self._end(call)
        log.info("video call hung up by the kiosk", extra={"call_id": call_id})

    def set_video_sinks(self, clerk: FrameSink | None, own: FrameSink | None) -> None:
        with self._lock:
            self._clerk_sink, self._own_sink = clerk, own
            call = self._current
        if call is not None and call.camera_track is not None:
            call.camera_track.set_own_sink(own)

    def close(self) -> None:
        """Hang up any call and stop the link's thread (the kiosk shuts down)."""
        with self._lock:
            call, self._current = self._current, None
        if call is not None:
            done = self._end(call)
            try:
                done.result(5.0)
            except (concurrent.futures.TimeoutError, concurrent.futures.CancelledError):
                log.warning("video call did not end in time", extra={"call_id": call.call_id})
        self._link.stop()
        self._signalling.close()

    # one call, on the link's loop ----------------------------------------------------------
    async def _run(self, call: _Call, case: VideoCaseIn) -> None:
        try:
            offer = await self._offer(call)
            await asyncio.to_thread(self._signalling.open, call.call_id, offer, case)
        except SignallingError as exc:
            self._tell(call, CallEventKind.FAILED, detail=str(exc))
            await self._release(call)
            return
        self._tell(call, CallEventKind.RINGING)
        lost = 0
        while True:
            await asyncio.sleep(self._poll_s)
            try:
                out = await asyncio.to_thread(self._signalling.poll, call.call_id)
            except SignallingError as exc:
                lost += 1
                if lost < POLLS_LOST:
                    continue
                kind = CallEventKind.ENDED if call.answered else CallEventKind.FAILED
                self._tell(call, kind, detail=f"platform lost: {exc}")
                break
            lost = 0
            if not await self._heard(call, out):
                break
        await self._release(call)
        await self._tell_platform(call)

    async def _offer(self, call: _Call) -> str:
        """The peer with the camera's and the microphone's tracks; the offer once every
        candidate is gathered (aiortc's setLocalDescription waits for that)."""
        # no STUN or TURN server: aiortc would otherwise ask a public one; a site's
        # kiosks and clerks share a network (a TURN server would be the site's own)
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        call.pc = pc
        call.camera_track = CameraTrack(own=self._own_sink)
        call.microphone = await asyncio.to_thread(self._microphone)
        if self._camera is not None:
            self._camera.start(call.camera_track)
        pc.addTrack(call.camera_track)
        pc.addTrack(call.microphone.track)

        @pc.on("track")
        def _on_track(track: MediaStreamTrack) -> None:
            job = (
                forward_frames(track, lambda: self._clerk_sink)
                if track.kind == "video"
                else self._play(call, track)
            )
            call.tasks.append(asyncio.ensure_future(job))

        await pc.setLocalDescription(await pc.createOffer())
        return str(pc.localDescription.sdp)

    async def _play(self, call: _Call, track: MediaStreamTrack) -> None:
        """The clerk's voice to the speaker, or drained when the kiosk has none. Opened
        here on the loop (FFmpeg opens the device at the first sound), so a call released
        meanwhile always finds it to close."""
        call.speaker = self._speaker()
        if not await call.speaker.play(track):
            await drain(track)

    async def _heard(self, call: _Call, out: VideoCallOut) -> bool:
        """Act on one poll's answer; False once the call is over."""
        assert call.pc is not None
        if out.answer_sdp and not call.answered:
            answer = RTCSessionDescription(sdp=out.answer_sdp, type="answer")
            await call.pc.setRemoteDescription(answer)
            call.answered = True
            self._tell(call, CallEventKind.ANSWERED)
        for message in out.messages:
            if message.seq <= call.seen:
                continue
            call.seen = message.seq
            if message.kind == "note":
                self._tell(call, CallEventKind.NOTE, note=message.note)
            else:
                self._tell(
                    call, CallEventKind.MATERIAL_APPROVED, material_code=message.material_code
                )
        if out.state == "missed" or (out.state == "ended" and not call.answered):
            self._tell(call, CallEventKind.NO_ANSWER, detail=out.state)
            return False
        if out.state == "ended":
            self._tell(call, CallEventKind.ENDED, detail=f"ended by {out.ended_by}")
            return False
        if call.pc.connectionState == "failed":
            self._tell(call, CallEventKind.ENDED, detail="link failed")
            return False
        return True

    def _tell(self, call: _Call, kind: CallEventKind, **what: str) -> None:
        if call.quiet:
            return
        log.info("video call event", extra={"call_id": call.call_id, "event": kind.value})
        try:
            call.listener(CallEvent(call.call_id, kind, **what))
        except Exception:  # the flow's bug must not kill the link's loop
            log.exception("video call listener failed")

    # the end of a call ---------------------------------------------------------------
    def _end(self, call: _Call) -> concurrent.futures.Future[None]:
        """Hang up ``call`` from the kiosk's side, quietly; the future says when done."""
        call.quiet = True
        if call.run is not None:
            call.run.cancel()

        async def _finish() -> None:
            await self._release(call)
            await self._tell_platform(call)

        return self._link.submit(_finish())

    async def _release(self, call: _Call) -> None:
        """Camera, microphone and peer let go (idempotent). What needs no await comes
        first, so a next call's camera start, queued after, finds the camera free."""
        if call.released:
            return
        call.released = True
        if self._camera is not None and call.camera_track is not None:
            self._camera.stop()
        for track in (call.camera_track, call.microphone):
            if track is not None:
                track.stop()
        for task in call.tasks:
            task.cancel()
        if call.speaker is not None:
            await call.speaker.stop()
        if call.pc is not None:
            await call.pc.close()
        log.info("video call released", extra={"call_id": call.call_id})

    async def _tell_platform(self, call: _Call) -> None:
        """The platform's call ends too (a hang-up of an ended call changes nothing)."""
        try:
            await asyncio.to_thread(self._signalling.hang_up, call.call_id)
        except SignallingError as exc:
            log.info("hang-up not delivered", extra={"call_id": call.call_id, "error": str(exc)})
