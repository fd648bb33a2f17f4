"""The simulated document camera and its sample pages."""

from __future__ import annotations

import io
import threading
import time

import pytest
from PIL import Image as PILImage
from PIL import ImageStat

from device_contracts import CompletionCode, DocumentCamera
from devices.sim import SimDocumentCamera
from devices.sim.page_images import FRAME_SIZE, find_cjk_font, sample_pages
from tests.devices.conftest import DONE_S, tiny_page


def test_cycles_through_its_pages(camera: SimDocumentCamera) -> None:
    assert isinstance(camera, DocumentCamera)
    values = [camera.capture_page(timeout=1).result(DONE_S).value for _ in range(3)]
    assert values == [tiny_page(0), tiny_page(1), tiny_page(0)]


def test_default_pages_are_photographed_documents() -> None:
    camera = SimDocumentCamera(capture_delay=0)
    camera.open()
    first = camera.capture_page(timeout=10).result(15).unwrap()
    pages = sample_pages()
    assert first == pages[0] and len(pages) >= 3
    for page in pages:
        assert page.mime == "image/jpeg" and (page.width, page.height) == FRAME_SIZE
        picture = PILImage.open(io.BytesIO(page.data))
        assert picture.size == FRAME_SIZE
        # a light page on a darker desk: the centre is much brighter than a corner
        grey = picture.convert("L")
        w, h = FRAME_SIZE
        centre = ImageStat.Stat(grey.crop((w // 2 - 100, h // 2 - 100, w // 2 + 100, h // 2 + 100)))
        corner = ImageStat.Stat(grey.crop((0, 0, 100, 100)))
        assert centre.mean[0] > corner.mean[0] + 100


def test_a_cjk_font_is_found_when_installed() -> None:
    found = find_cjk_font()
    if found is None:
        pytest.skip("no CJK font on this machine")
    path, index = found
    assert path and index >= 0


def test_timeout_when_the_capture_takes_too_long() -> None:
    camera = SimDocumentCamera(pages=[tiny_page()], capture_delay=1.0)
    camera.open()
    started = time.monotonic()
    completion = camera.capture_page(timeout=0.15).result(DONE_S)
    assert completion.code is CompletionCode.TIMEOUT
    assert time.monotonic() - started < 0.8
    assert completion.text.zh and completion.text.en


def test_cancel() -> None:
    camera = SimDocumentCamera(pages=[tiny_page()], capture_delay=1.0)
    camera.open()
    op = camera.capture_page(timeout=5)
    threading.Timer(0.05, op.cancel).start()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED


def test_injected_fault(camera: SimDocumentCamera) -> None:
    camera.fail_next(CompletionCode.NO_MEDIA)
    completion = camera.capture_page(timeout=1).result(DONE_S)
    assert completion.code is CompletionCode.NO_MEDIA
    assert "材料" in completion.text.zh
