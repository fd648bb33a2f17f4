"""The WLT photo: decoded through the reader vendor's library, when a site names one.

The 1024-byte photo block on the card is encrypted; only the vendor's library
(``libwlt2bmp.so`` or similar, licensed with the reader) can turn it into the
102x126 picture. Vendors export ``int unpack(char *wlt, char *bmp, int save)``
returning 1 on success and writing a 24-bit BMP (or the bare BGR pixels) into
``bmp``. Without a library the photo stays ``None`` and the face check uses the
platform's reference photo instead.
"""

from __future__ import annotations

import ctypes
import io
import logging
from pathlib import Path

from PIL import Image

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 102, 126
#: 54-byte BMP header + rows of 102*3 bytes padded to 308
BMP_BUFFER = 54 + 308 * HEIGHT
RAW_LEN = WIDTH * HEIGHT * 3


class WltLibraryError(Exception):
    """The configured vendor library cannot be loaded or lacks the decode function."""


class WltDecoder:
    def __init__(self, library: Path, symbol: str = "unpack") -> None:
        try:
            lib = ctypes.CDLL(str(library))
            fn = getattr(lib, symbol)
        except (OSError, AttributeError) as exc:
            raise WltLibraryError(f"cannot load {symbol}() from {library}: {exc}") from None
        fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int]
        fn.restype = ctypes.c_int
        self._fn = fn
        self.library = library

    def decode(self, wlt: bytes) -> bytes | None:
        """The photo as PNG, or None if the library refuses the block (logged without data)."""
        out = ctypes.create_string_buffer(BMP_BUFFER + 1024)  # slack for vendors that overrun
        try:
            result = self._fn(wlt, out, 0)
        except OSError:
            log.warning("wlt decoder crashed", extra={"library": self.library.name})
            return None
        if result != 1:
            log.warning("wlt decoder refused the photo", extra={"result": result})
            return None
        raw = out.raw
        try:
            image: Image.Image
            if raw[:2] == b"BM":
                image = Image.open(io.BytesIO(raw[:BMP_BUFFER]))
                image.load()
            else:
                image = Image.frombytes("RGB", (WIDTH, HEIGHT), raw[:RAW_LEN], "raw", "BGR")
        except (OSError, ValueError):
            log.warning("wlt decoder output is not a picture")
            return None
        png = io.BytesIO()
        image.convert("RGB").save(png, format="PNG")
        return png.getvalue()
