"""A small JPEG of a file the resident may attach, so they can see it is the right one.

Only files that already passed the content checks (:mod:`file_checks.content`)
come here, so image dimensions and PDF page counts are bounded. Pictures are
decoded with Pillow's draft mode (a JPEG is decoded straight at 1/2..1/8 scale);
the first page of a PDF is rendered by PDFium (``pypdfium2``) at the size of the
preview, never at print resolution. The kiosk calls :func:`preview_in_child`, so
all of it runs in the checker's child process under its limits; either blocks:
a worker thread, never the GUI thread.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pypdfium2
from PIL import Image, ImageOps

from file_checks.isolated import check_isolated
from file_checks.limits import IntakeLimits
from file_checks.verdict import FileKind

#: the longest side of a preview, in pixels
PREVIEW_SIDE = 640


class PreviewError(Exception):
    """The file could not be shown (it still passed the checks: attaching it is allowed)."""


@dataclass(frozen=True)
class Preview:
    jpeg: bytes
    width: int
    height: int
    #: pages in a PDF (the preview shows the first), 1 for a picture
    pages: int = 1


def preview_in_child(data: bytes, limits: IntakeLimits | None = None) -> Preview:
    """:func:`make_preview` in the checker's child process (isolated.py), after the
    checks: PDFium and the image decoders meet the resident's bytes there, under
    its limits, so a renderer crash or a runaway page costs a refusal, not the
    kiosk. Blocks: call it from a worker thread."""
    verdict = check_isolated(data, limits or IntakeLimits(), preview=True)
    if verdict.reason is not None or verdict.clean is None:
        raise PreviewError(verdict.detail or (verdict.reason or "no preview"))
    return Preview(verdict.clean, verdict.width or 0, verdict.height or 0, verdict.pages or 1)


def make_preview(data: bytes, kind: FileKind, side: int = PREVIEW_SIDE) -> Preview:
    if kind is FileKind.PDF:
        image, pages = _pdf_first_page(data, side)
    else:
        image, pages = _picture(data, kind, side), 1
    image.thumbnail((side, side))
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=82)
    return Preview(out.getvalue(), image.width, image.height, pages)


def _picture(data: bytes, kind: FileKind, side: int) -> Image.Image:
    try:
        im = Image.open(io.BytesIO(data), formats=["JPEG" if kind is FileKind.JPEG else "PNG"])
        im.draft("RGB", (side, side))  # JPEG: decode at a reduced scale; PNG: no-op
        im.load()
        return ImageOps.exif_transpose(im)  # phone photos are stored sideways + a tag
    except (OSError, SyntaxError, ValueError) as exc:
        raise PreviewError(type(exc).__name__) from None


def _pdf_first_page(data: bytes, side: int) -> tuple[Image.Image, int]:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise PreviewError(f"pdf: {exc}") from None
    try:
        pages = len(pdf)
        if pages == 0:
            raise PreviewError("pdf without pages")
        page = pdf[0]
        try:
            width, height = page.get_size()  # points (1/72 inch)
            scale = side / max(width, height, 1.0)
            bitmap = page.render(scale=scale)
            return bitmap.to_pil(), pages
        finally:
            page.close()
    finally:
        pdf.close()
