"""File type by its first bytes, never by its name."""

from __future__ import annotations

from devices.usb_drive.verdict import FileKind

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
PDF_MAGIC = b"%PDF-"


def sniff(head: bytes) -> FileKind | None:
    if head.startswith(PNG_MAGIC):
        return FileKind.PNG
    if head.startswith(JPEG_MAGIC):
        return FileKind.JPEG
    if head.startswith(PDF_MAGIC):
        return FileKind.PDF
    return None
