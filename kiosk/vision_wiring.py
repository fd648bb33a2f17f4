"""The vision pipeline as the flows see it (composition root, no Qt).

- :class:`VisionPageReader` implements the flows' ``PageReader`` port with
  ``vision.pipeline.read_page`` (classify the page against the matter's
  materials, read its labelled fields), on a worker thread; the OCR itself runs
  in the vision helper process (ADR 0007).
- :func:`start_warm_up` loads the OCR and face models on a background thread once
  the attract screen shows, so the first resident does not wait 1-3 s for them.
  Never on the GUI thread. Start-up ends there: the objects alive then are frozen
  out of garbage collection (:mod:`kiosk.heap`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence

from device_contracts import Image, Operation
from flows.ocr import FieldNote, OcrReading

log = logging.getLogger(__name__)

#: the drivers whose adapters use the models (devices/camera/drivers.py)
VISION_DRIVERS = {"document_camera": "opencv", "face": "dlib"}


class VisionPageReader:
    """``PageReader``: OCR of a captured page, off the caller's thread.

    ``observe``: receives the seconds each read took (the OCR latency metric)."""

    def __init__(self, observe: Callable[[float], None] | None = None) -> None:
        self._observe = observe

    def read_page(
        self, image: Image, doc_types: Sequence[str], timeout: float
    ) -> Operation[OcrReading]:
        wanted = tuple(doc_types)

        def work() -> OcrReading:
            from vision.pipeline import read_page

            # at nice 0, as every thread of the kiosk process: the OCR itself runs in the
            # nice-10 helper process (see vision.worker.background_priority)
            started = time.perf_counter()
            # the document camera already flattened and cleaned the page
            reading = read_page(image, wanted, enhance_page=False)
            if self._observe is not None:
                self._observe(time.perf_counter() - started)
            return OcrReading(
                doc_type=reading.doc_type,
                expected=reading.classification.expected,
                fields=dict(reading.fields.fields),
                notes=tuple(FieldNote(p.field, p.message) for p in reading.fields.problems),
            )

        return Operation[OcrReading].blocking("vision.read_page", work, timeout)


def uses_vision(sections: Mapping[str, Mapping[str, object]]) -> dict[str, bool]:
    """Which models the site's devices need: {"ocr": ..., "face": ...}."""

    def driver(kind: str) -> str:
        return str(sections.get(kind, {}).get("driver", ""))

    return {
        "ocr": driver("document_camera") == VISION_DRIVERS["document_camera"],
        "face": driver("face") == VISION_DRIVERS["face"],
    }


def vision_devices(sections: Mapping[str, Mapping[str, object]]) -> tuple[str, ...]:
    """The device kinds whose adapters use the models (their open probes a camera and,
    for the demo's simulated face, loads the face models in the helper): opened after
    the first paint."""
    return tuple(
        kind
        for kind, driver in VISION_DRIVERS.items()
        if str(sections.get(kind, {}).get("driver", "")) == driver
    )


def warm_up(ocr: bool, face: bool) -> float:
    """Load the models now (blocks for 1-3 s): the vision helper process, and the OCR
    engine and the three face models in it. dlib's loaders hold the interpreter lock for
    their whole run (the 68 landmarks 0.6-0.8 s): in this process they froze the attract
    screen (ADR 0007), so unless ``KIOSK_VISION_IN_PROCESS=1`` nothing loads here."""
    started = time.perf_counter()
    if face:
        from vision.face import get_models

        get_models().warm_up()
    if ocr:
        from vision.ocr import get_engine

        get_engine()
    seconds = time.perf_counter() - started
    log.info(
        "vision models warmed up", extra={"ocr": ocr, "face": face, "seconds": round(seconds, 3)}
    )
    return seconds


def start_up_prefetch(catalog: Callable[[], object]) -> Callable[[], None]:
    """What the warm-up thread fetches before the models: the on-screen keyboard's pinyin
    dictionary (never loaded on the GUI thread), then the platform's catalogue."""

    def prefetch() -> None:
        from kiosk.ime.pinyin import shared_engine

        try:
            shared_engine()
        except (OSError, ValueError) as exc:
            log.warning("pinyin dictionary not loaded", extra={"error": type(exc).__name__})
        catalog()

    return prefetch


def start_warm_up(
    sections: Mapping[str, Mapping[str, object]],
    prefetch: Callable[[], object] | None = None,
    open_devices: Callable[[], object] | None = None,
) -> threading.Thread | None:
    """On a daemon thread: ``prefetch`` (the platform's catalogue), ``open_devices``
    (the cameras left unopened at start, kiosk/late_open.py), then :func:`warm_up` for
    the models the site uses, then :func:`~kiosk.heap.freeze_start_up_heap`: start-up
    is over once all are in. None when there is nothing to do (the heap is frozen at
    once).

    The catalogue is fetched here so the first resident's journey only revalidates it
    (a 304 on its ETag): the first full download and parse, on a worker thread in the
    same turn as the first screen switch, was the one GUI stall left over 50 ms."""
    from kiosk.heap import freeze_start_up_heap

    wanted = uses_vision(sections)
    if not any(wanted.values()) and prefetch is None and open_devices is None:
        freeze_start_up_heap()
        return None

    def run() -> None:
        # frozen first as well: the catalogue's parse allocates enough to set off a full
        # collection, which would walk the whole start-up heap here (a 100 ms stall)
        freeze_start_up_heap()
        if prefetch is not None:
            try:
                prefetch()
            except Exception as exc:  # offline at start: the journey loads it, or the cache
                log.warning("catalogue prefetch failed", extra={"error": type(exc).__name__})
        if open_devices is not None:
            open_devices()  # each device reports its own failure in its status
        if any(wanted.values()):
            try:
                warm_up(wanted["ocr"], wanted["face"])
            except Exception as exc:  # a missing model shows up on the first use, with a message
                log.warning("vision warm-up failed", extra={"error": type(exc).__name__})
        # after the models, so their modules are frozen too: a full collection on a
        # camera or OCR worker thread would otherwise walk them and stall the GUI thread
        freeze_start_up_heap()

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread
