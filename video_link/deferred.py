"""The video link built at the first call, not at the kiosk's start: aiortc, PyAV and
their codecs cost about 0.2 s of imports, which the attract screen's first paint must
not wait for (issue 18's cold start). Until the first ``start`` (or :meth:`prepare`,
from a warm-up thread) this holds only what the flow has set.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from flows.video_call_ports import CallBrief, CallListener, FrameSink

if TYPE_CHECKING:
    from video_link.calls import WebRtcVideoCalls


class DeferredVideoCalls:
    """A :class:`~flows.video_call_ports.VideoCallPort`; ``build`` makes the real link."""

    def __init__(self, build: Callable[[], WebRtcVideoCalls]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._link: WebRtcVideoCalls | None = None
        self._sinks: tuple[FrameSink | None, FrameSink | None] = (None, None)

    @property
    def built(self) -> bool:
        return self._link is not None

    def prepare(self) -> WebRtcVideoCalls:
        """Build the link now (idempotent)."""
        with self._lock:
            if self._link is None:
                self._link = self._build()
                self._link.set_video_sinks(*self._sinks)
            return self._link

    def start(self, brief: CallBrief, listener: CallListener) -> str:
        return self.prepare().start(brief, listener)

    def hang_up(self, call_id: str) -> None:
        with self._lock:
            link = self._link
        if link is not None:  # never built: no call to hang up
            link.hang_up(call_id)

    def set_video_sinks(self, clerk: FrameSink | None, own: FrameSink | None) -> None:
        with self._lock:
            self._sinks = (clerk, own)
            link = self._link
        if link is not None:
            link.set_video_sinks(clerk, own)

    def close(self) -> None:
        with self._lock:
            link, self._link = self._link, None
        if link is not None:
            link.close()
