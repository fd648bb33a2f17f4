"""Python's cyclic garbage is collected on the GUI thread, never on a device's.

A collection finalises whatever cyclic garbage it finds on the thread that happened to
set it off: any thread that allocates past the collector's threshold, such as a camera,
the outbox's forwarder, a help call's or the video link's worker. A Qt object caught in
a cycle (a lambda slot holding its screen) is then deleted off the GUI thread, and Qt
crashes the process (seen in the test suite: a segfault when the in-process
simulator's server thread ran a collection that finalised a screen of an earlier test).

:class:`GuiThreadCollector` turns the automatic collection off and runs the same
generational policy from a timer on the GUI thread: every ``interval_ms`` it looks at
the allocation counts and collects the oldest generation past its threshold, as the
interpreter would have. The start-up heap is frozen (kiosk/heap.py), so even a full
collection walks only what the journeys made.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


class GuiThreadCollector(QObject):
    """Owns the process's garbage collection while it lives; lives on the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 250) -> None:
        super().__init__(parent)
        # the interpreter's own thresholds (700, 10, 10 by default): the same policy,
        # only run from here
        self._thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_due)
        gc.disable()
        self._timer.start()
        self.destroyed.connect(_enable_automatic_collection)
        log.info("garbage collection on the GUI thread", extra={"interval_ms": interval_ms})

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold, if any;
        returns the generation collected, or -1."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation] > 0:
                gc.collect(generation)
                return generation
        return -1

    def stop(self) -> None:
        """Give collection back to the interpreter (at shutdown, or in tests)."""
        self._timer.stop()
        gc.enable()


def _enable_automatic_collection() -> None:
    gc.enable()
