"""A camera's live picture with no check running: frames from a
:class:`~devices.camera.sources.FrameSource`, each scaled and converted for a
:class:`~device_contracts.PreviewSink` on a thread of the feed's own, until stopped.

The video call with a clerk (``video_link``) shares the face camera this way once the
resident has consented: ``start(sink)`` opens the source, ``stop()`` closes it. The
call and a face check never run at once (the flows hold one journey step at a time),
so the feed does not take the face device's lock. A source that fails ends the picture
(logged by its type); the call goes on with its last frame.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from device_contracts import PreviewSink
from devices.camera.face_preview import preview_frame
from devices.camera.sources import FrameSource, SourceError

log = logging.getLogger(__name__)

#: a live camera that returns nothing this long in a row has stopped
_MAX_MISSES = 100
_MISS_WAIT_S = 0.02


class LiveFeed:
    def __init__(self, source_factory: Callable[[], FrameSource], name: str = "face") -> None:
        self._source_factory = source_factory
        self._name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.frames = 0  # offered since the last start

    def start(self, sink: PreviewSink) -> None:
        self.stop()
        self._stop.clear()
        self.frames = 0
        self._thread = threading.Thread(
            target=self._film, args=(sink,), name=f"{self._name}-live", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _film(self, sink: PreviewSink) -> None:
        source = self._source_factory()
        try:
            source.open()
            misses = 0
            while not self._stop.is_set() and misses < _MAX_MISSES:
                frame = source.read()
                if frame is None:
                    misses += 1
                    self._stop.wait(_MISS_WAIT_S)
                    continue
                misses = 0
                sink.offer(preview_frame(frame.pixels, sink, None))
                self.frames += 1
            if misses:
                log.warning("live picture stopped: no frames", extra={"camera": self._name})
        except (SourceError, OSError) as exc:
            log.warning(
                "live picture failed", extra={"camera": self._name, "error": type(exc).__name__}
            )
        finally:
            source.close()
