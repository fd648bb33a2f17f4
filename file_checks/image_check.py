"""JPEG/PNG checks: dimensions from the header before any decode, then a full
decode (bounded by those dimensions) that catches truncated or corrupt files, and
on request the picture encoded again: what becomes a case's page.

Pillow hides libjpeg's warnings, so half a JPEG with ``FF D9`` appended decodes
"fine" (the missing half grey). JPEGs are therefore also decoded by libjpeg-turbo
in strict mode (``simplejpeg``), where "premature end of data segment" is an error.

The bytes stored are never the resident's own: a picture is decoded and encoded
afresh, so metadata (EXIF with GPS, comments with HTML), colour profiles and
whatever trails the image (a ZIP after a PNG's IEND) are gone; the EXIF rotation
is applied first so the page stays upright.
"""

from __future__ import annotations

import io
import warnings

import simplejpeg
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from file_checks.limits import IntakeLimits
from file_checks.verdict import ContentVerdict, FileKind, Reason

_FORMATS = {FileKind.JPEG: "JPEG", FileKind.PNG: "PNG"}
#: what the stored JPEG is encoded at (a document photo: text stays sharp)
JPEG_QUALITY = 90
_JPEG_MODES = ("L", "RGB", "CMYK")


def check_image(
    data: bytes, kind: FileKind, limits: IntakeLimits, clean: bool = False
) -> ContentVerdict:
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
            if kind is FileKind.JPEG:
                _strict_jpeg(data)
            with Image.open(io.BytesIO(data), formats=fmt) as im:
                im.load()
                if not clean:
                    return ContentVerdict(kind, None, width=width, height=height)
                stored = _encode_again(im, kind)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return ContentVerdict(kind, Reason.IMAGE_TOO_BIG, "pillow bomb limit")
    except (OSError, SyntaxError, ValueError, EOFError, UnidentifiedImageError) as exc:
        return ContentVerdict(kind, Reason.DAMAGED, type(exc).__name__)
    return ContentVerdict(kind, None, width=stored.width, height=stored.height, clean=stored.data)


def _strict_jpeg(data: bytes) -> None:
    """Decode with libjpeg-turbo, its warnings errors (ValueError)."""
    _h, _w, colorspace, _sub = simplejpeg.decode_jpeg_header(data)
    target = "CMYK" if colorspace in ("CMYK", "YCCK") else "GRAY" if colorspace == "Gray" else "RGB"
    simplejpeg.decode_jpeg(data, colorspace=target, strict=True)


class _Stored:
    __slots__ = ("data", "height", "width")

    def __init__(self, data: bytes, width: int, height: int) -> None:
        self.data = data
        self.width = width
        self.height = height


def _encode_again(im: Image.Image, kind: FileKind) -> _Stored:
    upright = ImageOps.exif_transpose(im)  # the rotation tag goes with the metadata
    # Pillow's writers copy from .info whatever they know (a JPEG's comment, a PNG's
    # text chunks and ICC profile): nothing of it is kept but a PNG's transparency
    transparency = upright.info.get("transparency")
    upright.info = {}
    out = io.BytesIO()
    if kind is FileKind.JPEG:
        mode = upright.mode if upright.mode in _JPEG_MODES else "RGB"
        upright.convert(mode).save(out, format="JPEG", quality=JPEG_QUALITY)
    else:
        extra = {} if transparency is None else {"transparency": transparency}
        upright.save(out, format="PNG", **extra)
    return _Stored(out.getvalue(), upright.width, upright.height)
