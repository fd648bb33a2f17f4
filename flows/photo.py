"""The face check's reference picture taken from an ID card."""

from __future__ import annotations

import struct

from device_contracts import IdentityCard, Image

_PNG = b"\x89PNG\r\n\x1a\n"


def card_reference(card: IdentityCard) -> Image | None:
    """The card's decoded photo as an Image, or None when no WLT decoder gave one."""
    if not card.photo:
        return None
    data = card.photo
    if data.startswith(_PNG) and len(data) >= 24:
        # IHDR is always the first chunk: width and height follow its type
        width, height = struct.unpack(">II", data[16:24])
        return Image(data, "image/png", width, height)
    return Image(data, "image/png", 0, 0)
