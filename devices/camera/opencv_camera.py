"""The document camera (高拍仪) on OpenCV: auto-capture, crop, deskew, enhance.

``capture_page`` watches the feed until a page has lain still for ``still_s``
seconds, then returns the flattened, straightened, cleaned page as a JPEG
(what goes into the material's PDF and to OCR). The preview shows the frames
the command reads (:meth:`latest_frame`). Everything runs on the operation's
worker thread, never on the caller's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

from devices.base import Completion, CompletionCode, Image, Operation, Progress, Text
from devices.camera._device import NO_CAMERA, NOT_OPEN, CameraDevice
from devices.camera.sources import FrameSource, SourceError
from devices.vision.document import StillnessDetector, find_page, prepare_page
from devices.vision.imaging import encode_jpeg

log = logging.getLogger(__name__)

PLACE_PAGE = Text("请将材料平放在拍摄区", "Lay the page flat under the camera")
HOLD_STILL = Text("请保持材料不动", "Hold the page still")
NO_PAGE = Text(
    "未检测到材料，请将材料平放在拍摄区",
    "No page was found, please lay it flat under the camera",
)
CAMERA_FAULT = Text(
    "高拍仪故障，请联系工作人员", "The document camera has a fault, please ask staff for help"
)
_MAX_MISSED_FRAMES = 30
_BACKSTOP_S = 2.0


class OpenCvDocumentCamera(CameraDevice):
    """``DocumentCamera`` over any :class:`~devices.camera.sources.FrameSource`.

    ``crop``: return the flattened page (default) or the whole frame.
    """

    def __init__(
        self,
        source_factory: Callable[[], FrameSource],
        *,
        name: str = "document_camera",
        still_s: float = 0.8,
        motion_threshold: float = 3.0,
        crop: bool = True,
        jpeg_quality: int = 90,
    ) -> None:
        super().__init__(name, source_factory)
        self.still_s = still_s
        self.motion_threshold = motion_threshold
        self.crop = crop
        self.jpeg_quality = jpeg_quality

    def capabilities(self) -> Mapping[str, object]:
        return {
            "driver": self.driver,
            "auto_capture": True,
            "crop": self.crop,
            "still_s": self.still_s,
            "mime": "image/jpeg",
        }

    def capture_page(self, timeout: float) -> Operation[Image]:
        return Operation[Image].spawn(
            f"{self.name}.capture_page",
            lambda op: self._capture(op, time.monotonic() + max(timeout, 0.0)),
            timeout=max(timeout, 0.0) + _BACKSTOP_S,
        )

    def _capture(self, op: Operation[Image], deadline: float) -> Completion[Image]:
        if not self._is_open:
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_OPEN, "not open")
        if not self._busy.acquire(blocking=False):
            return Completion.failure(CompletionCode.DEVICE_NOT_READY, detail="camera busy")
        self._refresh()
        source: FrameSource | None = None
        try:
            source = self._make_source()
            try:
                source.open()
            except (SourceError, OSError) as exc:
                self._set_fault(type(exc).__name__)
                return Completion.failure(CompletionCode.DEVICE_NOT_READY, NO_CAMERA, str(exc))
            self._set_fault("")
            return self._watch(op, source, deadline)
        finally:
            if source is not None:
                source.close()
            self._busy.release()
            self._refresh()

    def _watch(
        self, op: Operation[Image], source: FrameSource, deadline: float
    ) -> Completion[Image]:
        detector = StillnessDetector(self.still_s, self.motion_threshold)
        op.emit(Progress(self.name, PLACE_PAGE))
        prompted_hold = False
        missed = 0
        saw_page = False
        while True:
            if op.cancel_requested:
                return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")
            if time.monotonic() > deadline:
                code = CompletionCode.TIMEOUT if saw_page else CompletionCode.NO_MEDIA
                return Completion.failure(code, NO_PAGE if not saw_page else None, "no still page")
            try:
                frame = source.read()
            except (SourceError, OSError) as exc:
                self._set_fault(type(exc).__name__)
                return Completion.failure(CompletionCode.HARDWARE_ERROR, CAMERA_FAULT, str(exc))
            if frame is None:
                missed += 1
                if missed > _MAX_MISSED_FRAMES:
                    return Completion.failure(
                        CompletionCode.HARDWARE_ERROR, CAMERA_FAULT, "no frames"
                    )
                op.wait_cancelled(0.02)
                continue
            missed = 0
            self._show(frame)
            still = detector.update(frame.pixels, frame.t)
            if not prompted_hold and detector.motion <= self.motion_threshold:
                op.emit(Progress(self.name, HOLD_STILL))
                prompted_hold = True
            if not still:
                continue
            if find_page(frame.pixels) is None:
                detector.reset()  # a still, empty desk: keep waiting for a page
                continue
            saw_page = True
            started = time.monotonic()
            if self.crop:
                page = prepare_page(frame.pixels)
                image = encode_jpeg(page.pixels, self.jpeg_quality)
            else:
                image = encode_jpeg(frame.pixels, self.jpeg_quality)
            log.info(
                "page captured",
                extra={
                    "device": self.name,
                    "width": image.width,
                    "height": image.height,
                    "seconds": round(time.monotonic() - started, 3),
                },
            )
            return Completion.success(image)
