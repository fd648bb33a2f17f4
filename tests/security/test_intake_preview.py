"""Previews of files a resident brings: pictures and the first page of a PDF, at
preview size whatever the file's size; a file PDFium cannot open is a typed error."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from file_checks import AcceptedFile, check_upload
from file_checks.preview import PREVIEW_SIDE, PreviewError, make_preview
from file_checks.verdict import FileKind


def _picture(fmt: str, size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(out, format=fmt)
    return out.getvalue()


def _pdf(pages: int) -> bytes:
    frames = [Image.new("RGB", (1240, 1754), (255, 255, 255)) for _ in range(pages)]
    out = io.BytesIO()
    frames[0].save(out, format="PDF", save_all=True, append_images=frames[1:], resolution=150)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "data", "pages"),
    [
        (FileKind.JPEG, _picture("JPEG", (4000, 3000)), 1),
        (FileKind.PNG, _picture("PNG", (1200, 1600)), 1),
        (FileKind.PDF, _pdf(3), 3),
    ],
)
def test_previews_fit_the_pane_and_count_pdf_pages(kind: FileKind, data: bytes, pages: int) -> None:
    accepted = check_upload(f"file.{kind.name.lower()}", data)
    assert isinstance(accepted, AcceptedFile), accepted  # only checked files get here
    preview = make_preview(data, kind)
    shown = Image.open(io.BytesIO(preview.jpeg))
    print(kind.value, "->", shown.size, "pages", preview.pages)
    assert shown.format == "JPEG" and max(shown.size) == PREVIEW_SIDE
    assert (preview.width, preview.height) == shown.size and preview.pages == pages


def test_a_pdf_pdfium_cannot_open_is_a_preview_error() -> None:
    broken = _pdf(1).replace(b"/Root", b"/Rxxx")
    with pytest.raises(PreviewError):
        make_preview(broken, FileKind.PDF)
    with pytest.raises(PreviewError):
        make_preview(b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9", FileKind.JPEG)


def test_the_kiosk_previews_in_the_checkers_child_process() -> None:
    """PDFium and the decoders meet the resident's bytes in the child (under its
    limits), not in the kiosk: same preview, and a file that fails the checks gets
    no preview at all."""
    from file_checks.preview import preview_in_child

    shown = preview_in_child(_pdf(3))
    assert shown.pages == 3 and max(Image.open(io.BytesIO(shown.jpeg)).size) == PREVIEW_SIDE
    photo = preview_in_child(_picture("JPEG", (4000, 3000)))
    assert (photo.width, photo.height) == (PREVIEW_SIDE, 480)
    with pytest.raises(PreviewError):
        preview_in_child(_pdf(1).replace(b"/Root", b"/Rxxx"))
    with pytest.raises(PreviewError):
        preview_in_child(b"\xff\xd8\xff\xe0 not really a jpeg \xff\xd9")
