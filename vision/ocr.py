"""The OCR engine: PP-OCR det/cls/rec models through rapidocr on onnxruntime.

The models ship inside the ``rapidocr`` wheel; :func:`get_engine` points the
engine at those files explicitly and at a local CJK font, so nothing is ever
downloaded. The engine is loaded once per process, lazily, under a lock.
"""

from __future__ import annotations

import glob
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vision.imaging import Pixels
from vision.lazy import Lazy
from vision.worker import get_worker, in_process, release_free_memory

log = logging.getLogger(__name__)

_FONT_GLOBS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/**/NotoSansCJK*.tt[cf]",
    "/usr/share/fonts/**/NotoSerifCJK*.tt[cf]",
    "/usr/share/fonts/**/wqy*.tt[cf]",
)


class OcrUnavailable(RuntimeError):
    """The OCR models or runtime are missing from this installation."""


@dataclass(frozen=True)
class OcrLine:
    """One line of text as read. ``box`` is four (x, y) corners in image pixels."""

    text: str
    box: tuple[tuple[float, float], ...]
    score: float

    @property
    def top(self) -> float:
        return min(y for _x, y in self.box)

    @property
    def left(self) -> float:
        return min(x for x, _y in self.box)

    @property
    def height(self) -> float:
        ys = [y for _x, y in self.box]
        return max(ys) - min(ys)

    def as_json(self) -> dict[str, object]:
        return {
            "text": self.text,
            "box": [[round(x, 1), round(y, 1)] for x, y in self.box],
            "score": round(self.score, 4),
        }


def cjk_font_path() -> str | None:
    """A local font with Chinese glyphs (rapidocr would download one otherwise)."""
    override = os.environ.get("KIOSK_CJK_FONT")
    if override and Path(override).is_file():
        return override
    for pattern in _FONT_GLOBS:
        for path in sorted(glob.glob(pattern, recursive=True)):
            return path
    return None


class OcrEngine:
    """A loaded rapidocr pipeline. Thread-safe: calls are serialised (one model set)."""

    def __init__(self) -> None:
        try:
            import rapidocr
            from rapidocr import RapidOCR
        except ImportError as exc:  # pragma: no cover - an installation problem
            raise OcrUnavailable("rapidocr is not installed") from exc
        models = Path(rapidocr.__file__).parent / "models"
        det = models / "PP-OCRv6_det_small.onnx"
        rec = models / "PP-OCRv6_rec_small.onnx"
        cls = models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
        missing = [p.name for p in (det, rec, cls) if not p.is_file()]
        if missing:
            raise OcrUnavailable(f"OCR model files missing from the rapidocr wheel: {missing}")
        params: dict[str, Any] = {
            "Global.log_level": "warning",
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
            "Cls.model_path": str(cls),
            # two cores: one session each would fight; let onnxruntime use both
            "EngineConfig.onnxruntime.intra_op_num_threads": max(1, os.cpu_count() or 1),
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
        font = cjk_font_path()
        if font is not None:
            params["Global.font_path"] = font
        started = time.monotonic()
        self._engine = RapidOCR(params=params)
        self._lock = threading.Lock()
        log.info("ocr models loaded", extra={"seconds": round(time.monotonic() - started, 3)})

    def read(self, pixels: Pixels, *, use_cls: bool = True) -> list[OcrLine]:
        """Every text line in a BGR image, in reading order (top to bottom, left to right)."""
        with self._lock:
            result = self._engine(pixels, use_cls=use_cls)
        boxes = getattr(result, "boxes", None)
        texts = getattr(result, "txts", None)
        scores = getattr(result, "scores", None)
        if boxes is None or texts is None or scores is None:
            return []
        lines = [
            OcrLine(
                str(text),
                tuple((float(x), float(y)) for x, y in np.asarray(box).reshape(-1, 2)),
                float(score),
            )
            for box, text, score in zip(boxes, texts, scores, strict=True)
        ]
        return sort_reading_order(lines)


def sort_reading_order(lines: list[OcrLine]) -> list[OcrLine]:
    """Group lines whose vertical centres are close into rows; rows top-down, left-right."""
    ordered = sorted(lines, key=lambda line: line.top + line.height / 2)
    rows: list[list[OcrLine]] = []
    for line in ordered:
        centre = line.top + line.height / 2
        if rows:
            last = rows[-1][-1]
            if abs(centre - (last.top + last.height / 2)) < 0.5 * max(line.height, last.height):
                rows[-1].append(line)
                continue
        rows.append([line])
    return [line for row in rows for line in sorted(row, key=lambda ln: ln.left)]


class RemoteOcrEngine:
    """The OCR engine in the vision helper process (:mod:`vision.worker`):
    rapidocr's Python stages hold the GIL long enough to stall a GUI thread."""

    def __init__(self) -> None:
        self._worker = get_worker()
        self._worker.call(_worker_load)

    def read(self, pixels: Pixels, *, use_cls: bool = True) -> list[OcrLine]:
        return self._worker.call(_worker_read, pixels, use_cls)


#: the engine in the helper process
_worker_engine = Lazy(OcrEngine)


def _worker_load() -> None:
    """Runs in the helper process: load the engine there once."""
    _worker_engine.get()


def _worker_read(pixels: Pixels, use_cls: bool) -> list[OcrLine]:
    try:
        return _worker_engine.get().read(pixels, use_cls=use_cls)
    finally:
        pixels.fill(0)  # the helper's copy of the page
        release_free_memory()


Engine = OcrEngine | RemoteOcrEngine


def _load_engine() -> Engine:
    return OcrEngine() if in_process() else RemoteOcrEngine()


_engine = Lazy(_load_engine)


def get_engine() -> Engine:
    """The process-wide OCR engine, loaded on first use (about a second), in the vision
    helper process unless ``KIOSK_VISION_IN_PROCESS=1``."""
    return _engine.get()


def engine_loaded() -> bool:
    return _engine.made
