"""The pages captured for one material: thumbnails, retake, delete, and one PDF.

Plain data held in memory (pages are personal data: nothing is written to disk
here). The PDF is what the declaration uploads for the material.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image as PILImage

from device_contracts import Image

THUMB_LONG_SIDE = 240
#: Pages are placed on A4 in the PDF at this resolution (the page image's own pixels).
PDF_DPI = 130.0


@dataclass(frozen=True, repr=False)
class CapturedPage:
    image: Image  # the flattened page (JPEG)
    thumbnail: Image  # small JPEG for the page strip on screen

    def __repr__(self) -> str:
        return f"CapturedPage({self.image.width}x{self.image.height})"


def thumbnail(image: Image, long_side: int = THUMB_LONG_SIDE) -> Image:
    with PILImage.open(io.BytesIO(image.data)) as pil:
        small = pil.convert("RGB")
        small.thumbnail((long_side, long_side), PILImage.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, format="JPEG", quality=80)
        return Image(out.getvalue(), "image/jpeg", small.width, small.height)


class MaterialPages:
    """Pages of one material, in order. Indexes are 0-based, as on screen minus one."""

    def __init__(self, material_code: str) -> None:
        self.material_code = material_code
        self._pages: list[CapturedPage] = []

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def pages(self) -> tuple[CapturedPage, ...]:
        return tuple(self._pages)

    def add(self, image: Image) -> CapturedPage:
        page = CapturedPage(image, thumbnail(image))
        self._pages.append(page)
        return page

    def retake(self, index: int, image: Image) -> CapturedPage:
        """Replace page ``index`` with a new capture (IndexError when there is none)."""
        self._check(index)
        page = CapturedPage(image, thumbnail(image))
        self._pages[index] = page
        return page

    def delete(self, index: int) -> None:
        self._check(index)
        del self._pages[index]

    def clear(self) -> None:
        self._pages.clear()

    def to_pdf(self) -> bytes:
        """All pages as one PDF, one page image per PDF page."""
        if not self._pages:
            raise ValueError("no pages to put in a PDF")
        images = []
        for page in self._pages:
            with PILImage.open(io.BytesIO(page.image.data)) as pil:
                images.append(pil.convert("RGB"))
        out = io.BytesIO()
        images[0].save(
            out, format="PDF", save_all=True, append_images=images[1:], resolution=PDF_DPI
        )
        return out.getvalue()

    def _check(self, index: int) -> None:
        if not 0 <= index < len(self._pages):
            raise IndexError(f"no page {index + 1} in {self.material_code}")
