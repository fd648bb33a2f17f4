"""Keep Python's full garbage collections from stalling the GUI thread (issue 5).

A full (generation 2) collection walks every container object in the process and
holds the interpreter lock for the whole walk, whichever thread triggers it. After
start-up the kiosk holds ~145,000 of them (PySide6, OpenCV, FastAPI, pydantic,
the screens), so one walk took 42-64 ms, and up to 100 ms when a camera or OCR
worker thread at nice 10 triggered it (it keeps the lock while waiting for a CPU):
that was the one 74-114 ms GUI stall per declaration ``kiosk bench gui`` found.
Those start-up objects live as long as the process, so collecting them is wasted
work: :func:`freeze_start_up_heap` moves them to the permanent generation once
start-up is over, and later full collections only walk what the journeys made.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def freeze_start_up_heap() -> None:
    """Exclude every object alive now from future collections (``gc.freeze``).

    Call once start-up is over (the models loaded). ``gc.freeze`` only relinks the
    collector's lists, so it is cheap on any thread; it does not collect first, as a
    full collection here would be the very stall this avoids (start-up leaves
    no cyclic garbage behind to speak of: 0 objects measured at that point).
    Objects frozen are still freed by reference counting when dropped. (Not logged
    with ``gc.get_freeze_count()``: that walks the whole list under the lock.)"""
    gc.freeze()
    log.info("start-up heap frozen")
