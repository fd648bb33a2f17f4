"""The document camera (高拍仪) on OpenCV: auto-capture, crop, deskew, enhance.

``capture_page`` watches the feed until a page has lain still for ``still_s``
seconds with nothing in the way (no hint: too dark, blurred, glare, cut off, a hand;
see ``devices/camera/page_preview.py``), then returns the flattened, straightened,
cleaned page as a JPEG (what goes into the material's PDF and to OCR). While it
watches it says what it sees (:class:`~device_contracts.PagePrompt` events) and, with a
preview sink set (:meth:`OpenCvDocumentCamera.set_preview`, the materials screen),
hands each frame, scaled, with the page outline, to the screen; a page taken is not
taken again while it lies there. :meth:`OpenCvDocumentCamera.shoot` takes the page at
once (the 拍摄 button). Everything runs on the operation's worker thread, never on
the caller's.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping

from device_contracts import (
    Completion,
    CompletionCode,
    Image,
    Operation,
    PageHint,
    PageStep,
    PreviewSink,
    Text,
)
from devices._device_status import NOT_OPEN
from devices.camera._device import NO_CAMERA, CameraDevice
from devices.camera.page_preview import (
    STEP_TEXT,
    PageLook,
    difference,
    look_at,
    page_prompt,
    preview_frame,
    signature,
)
from devices.camera.sources import FrameSource, SourceError
from vision.document import StillnessDetector, prepare_page
from vision.imaging import Pixels, encode_jpeg

log = logging.getLogger(__name__)

PLACE_PAGE = STEP_TEXT[PageStep.PLACE]
HOLD_STILL = STEP_TEXT[PageStep.HOLD]
NO_PAGE = Text(
    "未检测到材料，请将材料平放在拍摄区",
    "No page was found, please lay it flat under the camera",
)
CAMERA_FAULT = Text(
    "高拍仪故障，请联系工作人员", "The document camera has a fault, please ask staff for help"
)
_MAX_MISSED_FRAMES = 30
_BACKSTOP_S = 2.0
#: seconds between looks for the page and its hints (a few a second: the stillness test
#: runs on every frame, on a tiny copy)
LOOK_EVERY_S = 0.2
#: how a live capture may end with the camera kept open for the next one
_GOES_ON = frozenset({CompletionCode.SUCCESS, CompletionCode.TIMEOUT, CompletionCode.NO_MEDIA})
#: the picture changed this much (mean grey difference of the coarse signature) since
#: the page was taken: it is another page, or the plate, not the page taken
FORGET_DIFFERENCE = 25.0


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
        self._sink: PreviewSink | None = None
        self._auto = True
        self._shoot = False
        #: the coarse signature of the page last taken while a preview was set
        self._taken: Pixels | None = None
        #: the source kept open from one live capture to the next
        self._held: FrameSource | None = None

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
        self._refresh_status()
        with self._lock:
            source, self._held = self._held, None
            live = self._sink is not None
        keep = False
        try:
            if source is None:
                source = self._make_source()
                try:
                    source.open()
                except (SourceError, OSError) as exc:
                    source = None
                    self._set_fault(type(exc).__name__)
                    return Completion.failure(CompletionCode.DEVICE_NOT_READY, NO_CAMERA, str(exc))
            self._set_fault("")
            completion = self._watch(op, source, deadline)
            with self._lock:
                # the live picture goes on with the next capture: the camera stays open
                # (a UVC camera takes most of a second to open: the screen would freeze)
                keep = self._sink is not None and self._opened and completion.code in _GOES_ON
                if keep:
                    self._held = source
            return completion
        finally:
            if source is not None and not keep:
                source.close()
            with self._lock:
                if live and self._sink is None:
                    self._latest = None  # the screen left while this capture ran
            self._busy.release()
            self._refresh_status()

    def close(self) -> None:
        super().close()
        with self._lock:
            self._taken = None
        self._drop_held()

    def use_source(self, factory: Callable[[], FrameSource] | None) -> None:
        super().use_source(factory)
        self._drop_held()

    def _drop_held(self) -> None:
        """Close the source kept open between live captures (the screen left). A capture
        running now closes it itself when it ends: the sink is gone by then."""
        if not self._busy.acquire(blocking=False):
            return
        try:
            with self._lock:
                held, self._held = self._held, None
            if held is not None:
                held.close()
        finally:
            self._busy.release()

    # live capture -------------------------------------------------------------------
    def set_preview(self, sink: PreviewSink | None) -> None:
        """Where the live picture goes while a capture runs (None: nowhere, and the
        camera, kept open between the captures of a live picture, is released). Changing
        it forgets the page last taken and any pending :meth:`shoot`."""
        with self._lock:
            self._sink = sink
            self._taken = None
            self._shoot = False
            if sink is None:
                self._latest = None  # the last frame of a resident's page: not kept
        if sink is None:
            self._drop_held()

    def set_auto_capture(self, on: bool) -> None:
        """Take still, clear pages by themselves (True, the default) or only on :meth:`shoot`."""
        with self._lock:
            self._auto = on

    def shoot(self) -> None:
        """The running (or next) capture takes the next frame with a page lying on the
        plate (not moving), whether or not it has been still long enough or is clear."""
        with self._lock:
            self._shoot = True

    def _live(self) -> tuple[PreviewSink | None, bool, bool]:
        with self._lock:
            return self._sink, self._auto, self._shoot

    def _watch(
        self, op: Operation[Image], source: FrameSource, deadline: float
    ) -> Completion[Image]:
        detector = StillnessDetector(self.still_s, self.motion_threshold)
        look = PageLook(None, None)
        looked_at = float("-inf")
        shown: tuple[PageStep, PageHint | None, float] | None = None
        missed = 0
        saw_page = False
        same_as_taken = False
        looked_still = False
        while True:
            if op.cancel_requested:
                return Completion.failure(CompletionCode.CANCELLED, detail="cancelled")
            if not self._is_open:  # closed (shut down) while watching: stop reading
                return Completion.failure(CompletionCode.DEVICE_NOT_READY, NOT_OPEN, "closed")
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
            sink, auto, shoot = self._live()
            # the page is looked for a few times a second, and once more as soon as the
            # picture is still (the frame taken must be one the page was seen on)
            if shoot or frame.t - looked_at >= LOOK_EVERY_S or (still and not looked_still):
                look = look_at(frame.pixels)
                looked_at, looked_still = frame.t, still
                same_as_taken = self._still_taken(frame.pixels, look)
            elif not still:
                looked_still = False
            if look.quad is not None:
                saw_page = True
            step = self._step(look, same_as_taken, detector.motion)
            hint = look.hint if step in (PageStep.HOLD, PageStep.STEADY) else None
            if look.quad is None and look.hint is not None:
                hint = look.hint  # too dark to see a page at all
            # how far towards the auto-capture, in quarters (each change is an event)
            steady = 0.0
            if step is PageStep.STEADY and hint is None:
                still_for = detector.still_for(frame.t)
                steady = min(1.0, still_for / self.still_s) if self.still_s > 0 else 1.0
            prompt = (step, hint, round(steady * 4) / 4)
            if prompt != shown:
                shown = prompt
                op.emit(page_prompt(self.name, *prompt))
            if sink is not None:
                sink.offer(preview_frame(frame.pixels, sink, look.quad))
            if look.quad is None:
                if not still:
                    continue
                detector.reset()  # a still, empty desk: keep waiting for a page
                continue
            if shoot:
                if detector.motion > self.motion_threshold:
                    continue  # not while it is being pushed in: the next frame it lies on
                with self._lock:
                    self._shoot = False
            elif not (still and (auto or sink is None) and hint is None and not same_as_taken):
                continue
            return self._take(frame.pixels, sink is not None)

    def _step(self, look: PageLook, same_as_taken: bool, motion: float) -> PageStep:
        if look.quad is None:
            return PageStep.PLACE
        if same_as_taken:
            return PageStep.TAKEN
        return PageStep.HOLD if motion > self.motion_threshold else PageStep.STEADY

    def _still_taken(self, pixels: Pixels, look: PageLook) -> bool:
        """Is the page taken last still lying there? Forgotten once the plate is empty or
        the picture has changed well beyond a hand's touch."""
        with self._lock:
            taken = self._taken
        if taken is None:
            return False
        if look.quad is None or difference(taken, signature(pixels)) > FORGET_DIFFERENCE:
            with self._lock:
                self._taken = None
            return False
        return True

    def _take(self, pixels: Pixels, live: bool) -> Completion[Image]:
        started = time.monotonic()
        if live:
            with self._lock:
                self._taken = signature(pixels)
        if self.crop:
            page = prepare_page(pixels)
            image = encode_jpeg(page.pixels, self.jpeg_quality)
        else:
            image = encode_jpeg(pixels, self.jpeg_quality)
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
