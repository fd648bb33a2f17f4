"""A simulated document camera (高拍仪): each capture returns the next sample page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from device_contracts import Completion, CompletionCode, Image, Operation, Text
from devices.sim._common import SimDevice, Wait
from devices.sim.page_images import FRAME_SIZE, sample_pages

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: Text("拍摄超时，请重试", "The capture took too long, please try again"),
    CompletionCode.NO_MEDIA: Text(
        "未检测到材料，请将材料平放在拍摄区",
        "No page was found, please lay it flat under the camera",
    ),
    CompletionCode.HARDWARE_ERROR: Text(
        "高拍仪故障，请联系工作人员", "The document camera has a fault, please ask staff for help"
    ),
}


class SimDocumentCamera(SimDevice):
    """``DocumentCamera`` cycling through rendered sample pages (户口簿, 结婚证, 申请表).

    ``pages`` replaces the rendered samples (tests pass tiny images to stay fast).
    Controls: :meth:`set_pages`, :meth:`fail_next`, :meth:`unplug` / :meth:`replug`.
    """

    def __init__(
        self,
        *,
        name: str = "document_camera",
        pages: Sequence[Image] | None = None,
        capture_delay: float = 0.4,
    ) -> None:
        super().__init__(name, MESSAGES)
        self.capture_delay = capture_delay
        self._pages: tuple[Image, ...] | None = tuple(pages) if pages else None
        self._next = 0

    def set_pages(self, pages: Sequence[Image]) -> None:
        if not pages:
            raise ValueError("at least one page is needed")
        with self._lock:
            self._pages = tuple(pages)
            self._next = 0

    def capture_page(self, timeout: float) -> Operation[Image]:
        return self._start("capture_page", timeout, self._capture)

    def _capabilities(self) -> Mapping[str, object]:
        return {"resolution": list(FRAME_SIZE), "mime": "image/jpeg"}

    def _capture(self, op: Operation[Image], deadline: float) -> Completion[Image]:
        # rendered lazily so cold start never pays for the sample pages
        pages = self._pages or sample_pages()
        waited = self._pause(op, self.capture_delay, deadline)
        if waited is not Wait.READY:
            return self._ended(waited)
        with self._lock:
            page = pages[self._next % len(pages)]
            self._next += 1
        return Completion.success(page)
