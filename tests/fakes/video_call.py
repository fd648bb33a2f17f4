"""An in-memory :class:`~flows.video_call_ports.VideoCallPort` for flow and screen tests
(the transport itself, ``video_link``, is tested against the running simulator): it
records what the flow asked and lets a test be the clerk, saying each event from a
thread of its own as the real link does."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flows.video_call_ports import (
    CallBrief,
    CallEvent,
    CallEventKind,
    CallListener,
    FrameSink,
    VideoFrame,
)


@dataclass
class FakeVideoCall:
    briefs: list[CallBrief] = field(default_factory=list)
    hung_up: list[str] = field(default_factory=list)
    clerk_sink: FrameSink | None = None
    own_sink: FrameSink | None = None
    _listener: CallListener | None = None
    _call_id: str = ""

    # the port ------------------------------------------------------------------
    def start(self, brief: CallBrief, listener: CallListener) -> str:
        self.briefs.append(brief)
        self._listener = listener
        self._call_id = f"call-{len(self.briefs)}"
        return self._call_id

    def hang_up(self, call_id: str) -> None:
        self.hung_up.append(call_id)

    def set_video_sinks(self, clerk: FrameSink | None, own: FrameSink | None) -> None:
        self.clerk_sink, self.own_sink = clerk, own

    # the clerk's side ------------------------------------------------------------
    @property
    def call_id(self) -> str:
        return self._call_id

    def say(self, kind: CallEventKind, *, call_id: str = "", **kw: str) -> None:
        """The link reports ``kind`` for the current call (or ``call_id``)."""
        listener = self._listener
        assert listener is not None, "no call was started"
        event = CallEvent(call_id or self._call_id, kind, **kw)
        worker = threading.Thread(target=listener, args=(event,), name="fake-video-call")
        worker.start()
        worker.join()

    def show(self, width: int, height: int, rgb: tuple[int, int, int]) -> None:
        """A frame of one colour from the clerk's camera, and the kiosk's own."""
        frame = VideoFrame(width, height, bytes(rgb) * (width * height))
        for sink in (self.clerk_sink, self.own_sink):
            if sink is not None:
                sink(frame)
