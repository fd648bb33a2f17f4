"""The whole document read: camera frame -> flat page -> OCR lines -> doc type and fields."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass

from device_contracts import Image, Operation
from vision.document import PreparedPage, prepare_page
from vision.fields import Classification, FieldReading, classify, extract_fields
from vision.imaging import Pixels, decode
from vision.ocr import OcrLine, get_engine

log = logging.getLogger(__name__)


@dataclass(frozen=True, repr=False)
class PageReading:
    """What one page said. Personal data: never log it (``repr`` shows only counts)."""

    classification: Classification
    fields: FieldReading
    lines: tuple[OcrLine, ...]
    page: PreparedPage

    @property
    def doc_type(self) -> str:
        return self.classification.doc_type

    def as_json(self) -> dict[str, object]:
        """The ``kiosk ocr --json`` shape."""
        return {
            "doc_type": self.doc_type,
            "expected": self.classification.expected,
            "fields": dict(self.fields.fields),
            "problems": [p.as_json() for p in self.fields.problems],
            # line boxes are in the flattened page's pixels, not the camera frame's
            "page": {
                "found": self.page.found,
                "width": int(self.page.pixels.shape[1]),
                "height": int(self.page.pixels.shape[0]),
                "skew_deg": self.page.skew_deg,
            },
            "lines": [line.as_json() for line in self.lines],
        }

    def __repr__(self) -> str:
        return f"PageReading(doc_type={self.doc_type}, lines={len(self.lines)})"


def read_page(
    frame: Image | Pixels, doc_types: Iterable[str] = (), *, enhance_page: bool = True
) -> PageReading:
    """Crop, deskew, enhance, OCR and interpret one page. Blocks (about 0.5-1 s): call off
    the GUI thread, or use :func:`read_page_operation`.

    ``doc_types``: the matter's material doc types, to classify against.
    """
    started = time.monotonic()
    pixels = decode(frame) if isinstance(frame, Image) else frame
    page = prepare_page(pixels, enhance_page=enhance_page)
    # the page is upright after deskew: the per-line 180° classifier is not needed
    lines = tuple(get_engine().read(page.pixels, use_cls=False))
    classification = classify(lines, doc_types)
    fields = extract_fields(lines)
    log.info(
        "page read",
        extra={
            "doc_type": classification.doc_type,
            "expected": classification.expected,
            "lines": len(lines),
            "fields": sorted(fields.fields),
            "problems": [p.code for p in fields.problems],
            "page_found": page.found,
            "seconds": round(time.monotonic() - started, 3),
        },
    )
    return PageReading(classification, fields, lines, page)


def read_raw(frame: Image | Pixels) -> list[OcrLine]:
    """The OCR engine alone on the uncropped frame, as rapidocr does by default (benchmark)."""
    pixels = decode(frame) if isinstance(frame, Image) else frame
    return get_engine().read(pixels, use_cls=True)


def read_page_operation(
    image: Image, doc_types: Iterable[str] = (), timeout: float = 20.0
) -> Operation[PageReading]:
    """:func:`read_page` on a worker thread, as an Operation the UI can watch."""
    wanted = tuple(doc_types)
    return Operation[PageReading].blocking(
        "vision.read_page", lambda: read_page(image, wanted), timeout
    )
