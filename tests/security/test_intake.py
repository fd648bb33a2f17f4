"""USB drive and phone intake against hostile samples the test makes itself."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image

from file_checks import (
    AcceptedFile,
    FileKind,
    IntakeLimits,
    Reason,
    RejectedFile,
    RejectedFileError,
    check_upload,
    read_accepted,
    scan_drive,
)
from tests.security.pdf_samples import flate, simple_pdf


def jpeg(size: tuple[int, int] = (320, 200)) -> bytes:
    buf = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buf, "JPEG", quality=80)
    return buf.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_claiming(width: int, height: int) -> bytes:
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", ihdr)
        + png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + png_chunk(b"IEND", b"")
    )


def zip_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.bin", b"\x00" * (8 * 1024 * 1024))
    return buf.getvalue()


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    root = tmp_path / "usb0"
    root.mkdir()
    good = jpeg()
    (root / "身份证正面.jpg").write_bytes(good)
    (root / "申请表.pdf").write_bytes(simple_pdf(2))
    (root / "scan.png").write_bytes(png_from_jpeg(good))
    with open(root / "huge.jpg", "wb") as f:  # sparse: 5 GB claimed, nothing written
        f.truncate(5 * 1024**3)
    os.symlink("/etc/passwd", root / "passwd.jpg")
    os.symlink("/etc", root / "etc-link")
    (root / "bomb.png").write_bytes(png_claiming(100_000, 100_000))
    (root / "photos.jpg").write_bytes(zip_bomb())
    (root / "cut.jpg").write_bytes(good[: len(good) // 2])
    (root / "thick.pdf").write_bytes(simple_pdf(1, count=100_000))
    (root / "inflate-bomb.pdf").write_bytes(
        simple_pdf(1, extra_objects=[flate(b"", b"\x00" * (80 * 1024 * 1024))])
    )
    (root / "script.pdf").write_bytes(
        simple_pdf(1, catalog_extra=b"/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>")
    )
    (root / "合同.pdf").write_bytes("这不是PDF文件".encode())
    (root / "empty.pdf").write_bytes(b"")
    (root / "notes.txt").write_text("hello")
    (root / "readme.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    os.mkfifo(root / "pipe.jpg")
    (root / os.fsdecode(b"\xb2\xe2\xca\xd4.jpg")).write_bytes(good)  # "测试.jpg" in GBK
    (root / os.fsdecode(b"\xff\xfe bad.jpg")).write_bytes(good)  # neither UTF-8 nor GBK
    (root / "back\\..\\slash.jpg").write_bytes(good)
    (root / "rtl\u202egpj.exe").write_bytes(good)  # shows as "rtl?gpj.exe", content is a JPEG
    deep = root / "a" / "b" / "c" / "d" / "e"
    deep.mkdir(parents=True)
    (deep / "deep.jpg").write_bytes(good)
    (root / ".Trashes").mkdir()
    (root / "._身份证正面.jpg").write_bytes(b"\x00\x05\x16\x07")
    return root


def png_from_jpeg(data: bytes) -> bytes:
    buf = io.BytesIO()
    Image.open(io.BytesIO(data)).save(buf, "PNG")
    return buf.getvalue()


def test_hostile_drive_is_listed_safely(drive: Path) -> None:
    report = scan_drive(drive)
    for f in report.accepted:
        print(f"ACCEPTED {f.display_name!r}: {f.kind.value}, {f.size} bytes, pages={f.pages}")
    for r in report.rejected:
        print(f"REJECTED {r.display_name!r}: {r.reason.value} — {r.text.zh} / {r.text.en}")

    verdicts = {r.display_name: r.reason for r in report.rejected}
    assert verdicts["huge.jpg"] is Reason.TOO_LARGE
    assert verdicts["passwd.jpg"] is Reason.SYMLINK
    assert verdicts["etc-link"] is Reason.SYMLINK
    assert verdicts["bomb.png"] is Reason.IMAGE_TOO_BIG
    assert verdicts["photos.jpg"] is Reason.NOT_A_PICTURE  # a zip, whatever its name
    assert verdicts["合同.pdf"] is Reason.NOT_A_PDF
    assert verdicts["cut.jpg"] is Reason.DAMAGED
    assert verdicts["thick.pdf"] is Reason.PDF_TOO_MANY_PAGES
    assert verdicts["inflate-bomb.pdf"] is Reason.PDF_TOO_COMPLEX
    assert verdicts["script.pdf"] is Reason.PDF_SCRIPT
    assert verdicts["empty.pdf"] is Reason.EMPTY
    assert verdicts["notes.txt"] is Reason.NOT_ALLOWED_TYPE
    assert verdicts["readme.exe"] is Reason.NOT_ALLOWED_TYPE
    assert verdicts["pipe.jpg"] is Reason.NOT_REGULAR
    assert verdicts["back\\..\\slash.jpg"] is Reason.BAD_NAME
    assert verdicts["e"] is Reason.TOO_DEEP
    # shown as "rtl?gpj.exe", a JPEG inside: the bidi override is refused, not just masked
    assert verdicts["rtl?gpj.exe"] is Reason.HIDDEN_CHARS_IN_NAME

    accepted = {f.display_name: f for f in report.accepted}
    assert accepted["身份证正面.jpg"].kind is FileKind.JPEG
    assert accepted["申请表.pdf"].pages == 2
    assert accepted["scan.png"].kind is FileKind.PNG
    assert "测试.jpg" in accepted, "a GBK name from a Windows drive is shown in Chinese"
    assert "\ufffd\ufffd bad.jpg" in accepted
    assert not any("passwd" in f.display_name for f in report.accepted)
    assert not any(n.startswith("._") for n in accepted), "hidden files are skipped"
    assert all(r.text.zh and r.text.en for r in report.rejected)
    assert not report.truncated
    print(f"{len(report.accepted)} accepted, {len(report.rejected)} rejected")


def test_read_accepted_returns_the_examined_bytes_and_refuses_swaps(drive: Path) -> None:
    report = scan_drive(drive)
    f = next(a for a in report.accepted if a.display_name == "身份证正面.jpg")
    assert read_accepted(drive, f)[:3] == b"\xff\xd8\xff"

    # swapped for a symlink after the listing: refused, not followed
    (drive / "身份证正面.jpg").unlink()
    os.symlink("/etc/passwd", drive / "身份证正面.jpg")
    with pytest.raises(RejectedFileError) as swapped:
        read_accepted(drive, f)
    print("swapped for a symlink after listing:", swapped.value.rejected.reason.value)
    assert swapped.value.rejected.reason is Reason.SYMLINK

    # a path the UI might be tricked into handing back
    for rel in (("..", "etc", "passwd"), ("/etc/passwd",), ("a", "..", "..", "x.jpg")):
        forged = AcceptedFile(rel, "x", FileKind.JPEG, 1, "0" * 64)
        with pytest.raises(RejectedFileError) as bad:
            read_accepted(drive, forged)
        print(f"read_accepted{rel}: {bad.value.rejected.reason.value}")
        assert bad.value.rejected.reason is Reason.BAD_NAME

    # changed in place after the listing
    g = next(a for a in report.accepted if a.display_name == "scan.png")
    (drive / "scan.png").write_bytes(png_from_jpeg(jpeg((64, 64))))
    with pytest.raises(RejectedFileError) as changed:
        read_accepted(drive, g)
    assert changed.value.rejected.reason is Reason.CHANGED


def test_file_count_cap_truncates_the_listing(tmp_path: Path) -> None:
    root = tmp_path / "many"
    root.mkdir()
    for i in range(30):
        (root / f"{i:03d}.txt").write_text("x")
    report = scan_drive(root, IntakeLimits(max_files=10))
    print(f"30 files, cap 10: examined {len(report.accepted) + len(report.rejected)}, truncated")
    assert report.truncated and report.truncated_text is not None
    assert len(report.accepted) + len(report.rejected) == 10


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("../../etc/passwd", b"\xff\xd8\xff", Reason.BAD_NAME),
        ("..", b"x", Reason.BAD_NAME),
        ("a/b.jpg", b"x", Reason.BAD_NAME),
        ("nul\x00.jpg", b"x", Reason.BAD_NAME),
        ("photo.jpg", zip_bomb(), Reason.NOT_A_PICTURE),
        ("archive.zip", zip_bomb(), Reason.NOT_ALLOWED_TYPE),
        ("big.png", png_claiming(100_000, 100_000), Reason.IMAGE_TOO_BIG),
        ("pages.pdf", simple_pdf(1, count=100_000), Reason.PDF_TOO_MANY_PAGES),
        ("invoice\u202efdp.exe", b"\xff\xd8\xff", Reason.HIDDEN_CHARS_IN_NAME),
        ("photo\u200b.jpg", b"\xff\xd8\xff", Reason.HIDDEN_CHARS_IN_NAME),
        ("tab\t.jpg", b"\xff\xd8\xff", Reason.HIDDEN_CHARS_IN_NAME),
        ("line\u2028break.jpg", b"\xff\xd8\xff", Reason.HIDDEN_CHARS_IN_NAME),
        ("big.jpg", b"\xff\xd8\xff" + b"\x00" * (21 * 1024 * 1024), Reason.TOO_LARGE),
    ],
)
def test_phone_upload_rejections(name: str, data: bytes, reason: Reason) -> None:
    verdict = check_upload(name, data)
    print(f"upload {name!r} ({len(data)} bytes): {getattr(verdict, 'reason', 'accepted')}")
    assert isinstance(verdict, RejectedFile) and verdict.reason is reason


def test_phone_upload_of_a_good_photo_is_accepted() -> None:
    verdict = check_upload("IMG_0001.JPG", jpeg())
    assert isinstance(verdict, AcceptedFile)
    assert verdict.kind is FileKind.JPEG and verdict.width == 320
