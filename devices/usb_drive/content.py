"""One entry point for a file's bytes: sniff the type, then the type's own checks."""

from __future__ import annotations

from devices.usb_drive.image_check import check_image
from devices.usb_drive.limits import IntakeLimits
from devices.usb_drive.pdf_check import check_pdf
from devices.usb_drive.sniff import sniff
from devices.usb_drive.verdict import ContentVerdict, FileKind, Reason


def check_content(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    if not data:
        return ContentVerdict(None, Reason.EMPTY)
    if len(data) > limits.max_file_bytes:
        return ContentVerdict(None, Reason.TOO_LARGE, f"{len(data)} bytes")
    kind = sniff(data[:16])
    if kind is None:
        return ContentVerdict(None, Reason.NOT_ALLOWED_TYPE, "unknown magic")
    if kind is FileKind.PDF:
        return check_pdf(data, limits)
    return check_image(data, kind, limits)
