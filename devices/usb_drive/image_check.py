"""JPEG/PNG checks: dimensions from the header before any decode, then a full
decode (bounded by those dimensions) that catches truncated or corrupt files."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageFile, UnidentifiedImageError

from devices.usb_drive.limits import IntakeLimits
from devices.usb_drive.verdict import ContentVerdict, FileKind, Reason

_FORMATS = {FileKind.JPEG: "JPEG", FileKind.PNG: "PNG"}


def check_image(data: bytes, kind: FileKind, limits: IntakeLimits) -> ContentVerdict:
    if kind is FileKind.JPEG and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        return ContentVerdict(kind, Reason.DAMAGED, "jpeg without end marker")
    fmt = [_FORMATS[kind]]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=fmt) as im:
                width, height = im.size  # header only: nothing decoded yet
                if (
                    width * height > limits.max_image_pixels
                    or max(width, height) > limits.max_image_side
                ):
                    return ContentVerdict(kind, Reason.IMAGE_TOO_BIG, f"{width}x{height}")
                im.verify()
            if ImageFile.LOAD_TRUNCATED_IMAGES:  # someone relaxed Pillow: do not decode
                return ContentVerdict(kind, Reason.DAMAGED, "truncated images allowed globally")
            with Image.open(io.BytesIO(data), formats=fmt) as im:
                im.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ContentVerdict(kind, Reason.IMAGE_TOO_BIG, "pillow bomb limit")
    except (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError) as exc:
        return ContentVerdict(kind, Reason.DAMAGED, type(exc).__name__)
    return ContentVerdict(kind, None, width=width, height=height)
