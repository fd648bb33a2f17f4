"""What a printed page shows, read back as a person with a phone would: its text, and
what its QR code says (the demo's check of what the A4 printer received, and the
tests')."""

from __future__ import annotations

import cv2
import numpy as np
import pypdfium2 as pdfium

#: the resolutions the page is looked at, in turn: OpenCV's detectors miss the odd code
#: at one scale that they read at another (as a phone moved a little closer would)
_DPIS = (200, 150, 300)


def page_text_and_qr(pdf: bytes) -> tuple[str, str]:
    """The first page's text, and what its QR code says ("" when none is read): the
    classic detector first, then the ArUco-based one (about one code in a hundred of
    the platform's pages was read by neither at 200 dpi alone)."""
    page = pdfium.PdfDocument(pdf)[0]
    text = str(page.get_textpage().get_text_range())
    greys = [
        cv2.cvtColor(
            np.ascontiguousarray(page.render(scale=dpi / 72).to_numpy()), cv2.COLOR_BGR2GRAY
        )
        for dpi in _DPIS
    ]
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        for grey in greys:
            decoded, _points, _ = detector.detectAndDecode(grey)
            if decoded:
                return text, str(decoded)
    return text, ""
