"""Multi-page materials: thumbnails, retake, delete and one PDF."""

from __future__ import annotations

import numpy as np
import pytest

from device_contracts import Image
from vision.imaging import encode_jpeg
from vision.pages import MaterialPages


def page(shade: int) -> Image:
    return encode_jpeg(np.full((1131, 800, 3), shade, np.uint8))


def test_add_retake_delete_and_pdf() -> None:
    pages = MaterialPages("hukou")
    first = pages.add(page(200))
    pages.add(page(150))
    assert max(first.thumbnail.width, first.thumbnail.height) == 240
    pages.retake(1, page(100))
    assert len(pages) == 2
    pdf = pages.to_pdf()
    assert pdf.startswith(b"%PDF")
    assert pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") == 2
    pages.delete(0)
    assert len(pages) == 1
    with pytest.raises(IndexError):
        pages.delete(5)
    pages.clear()
    with pytest.raises(ValueError):
        pages.to_pdf()
