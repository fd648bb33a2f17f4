"""What a printed page shows, read back as a person with a phone would: its text, and
what its QR code says (the demo's check of what the A4 printer received, and the
tests')."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium


def page_text_and_qr(pdf: bytes) -> tuple[str, str]:
    """The first page's text, and what its QR code says ("" when none is found),
    rendered at 200 dpi."""
    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage().get_text_range()
    picture = page.render(scale=200 / 72).to_numpy()
    grey = cv2.cvtColor(np.ascontiguousarray(picture), cv2.COLOR_BGR2GRAY)
    decoded, _points, _ = cv2.QRCodeDetector().detectAndDecode(grey)
    return str(text), str(decoded)
