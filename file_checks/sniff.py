"""File type by its first bytes, never by its name."""

from __future__ import annotations

from file_checks.limits import IntakeLimits
from file_checks.verdict import ContentVerdict, FileKind, Reason

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


def first_look(data: bytes, limits: IntakeLimits) -> ContentVerdict | None:
    """What the size and the first bytes alone decide (cheap: done before any child
    process is asked), or None when the content must be examined."""
    if not data:
        return ContentVerdict(None, Reason.EMPTY)
    if len(data) > limits.max_file_bytes:
        return ContentVerdict(None, Reason.TOO_LARGE, f"{len(data)} bytes")
    if sniff(data[:16]) is None:
        return ContentVerdict(None, Reason.NOT_ALLOWED_TYPE, "unknown magic")
    return None
