"""A printable document (打印证照) as an A4 PDF: the record's text, the platform's seal
mark and a QR of the verification page, drawn with reportlab.

The same record always gives the same bytes (reportlab's ``invariant`` mode leaves
out the creation time and the random file id), so the SHA-256 the list seals is the
SHA-256 of the PDF the terminal fetches afterwards. Chinese text uses the Adobe
STSong-Light CID font, which every PDF reader carries: nothing is embedded.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

FONT = "STSong-Light"
_SEAL_RED = Color(0.78, 0.1, 0.1)
_QR_SIZE = 40 * mm


@dataclass(frozen=True)
class DocumentPage:
    """What the page says; the values come from the platform's record."""

    title_zh: str
    title_en: str
    doc_no: str
    holder_name: str
    holder_id_masked: str
    issuer_zh: str
    issued_on: str
    #: the document's own lines, (label, value)
    lines: tuple[tuple[str, str], ...]
    verify_url: str


def render_pdf(page: DocumentPage) -> bytes:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    canvas.setTitle(page.doc_no)  # the document's number, never the holder
    width, height = A4
    canvas.setFont(FONT, 24)
    canvas.drawCentredString(width / 2, height - 40 * mm, page.title_zh)
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(width / 2, height - 48 * mm, page.title_en)
    rows = (
        ("编号", page.doc_no),
        ("持有人", page.holder_name),
        ("证件号码", page.holder_id_masked),
        *page.lines,
        ("出具机关", page.issuer_zh),
        ("出具日期", page.issued_on),
    )
    y = height - 70 * mm
    for label, value in rows:
        canvas.setFont(FONT, 13)
        canvas.drawString(30 * mm, y, f"{label}：")
        canvas.drawString(65 * mm, y, value)
        y -= 10 * mm
    _seal_mark(canvas, width - 70 * mm, 85 * mm, page.issuer_zh)
    _qr(canvas, 25 * mm, 40 * mm, page.verify_url)
    canvas.setFont(FONT, 10)
    canvas.setFillColor(black)
    canvas.drawString(25 * mm, 34 * mm, "扫码核验 Scan to verify")
    canvas.drawString(25 * mm, 28 * mm, page.verify_url)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def _seal_mark(canvas: Canvas, x: float, y: float, issuer: str) -> None:
    """The red round mark an electronic seal prints as (the signature itself is in the
    platform's record, checked by the terminal and on the verification page)."""
    canvas.setStrokeColor(_SEAL_RED)
    canvas.setFillColor(_SEAL_RED)
    canvas.setLineWidth(2)
    canvas.circle(x, y, 20 * mm)
    canvas.setFont(FONT, 7.5)
    canvas.drawCentredString(x, y + 6 * mm, issuer[:16])
    canvas.setFont(FONT, 12)
    canvas.drawCentredString(x, y - 2 * mm, "电子印章")


def _qr(canvas: Canvas, x: float, y: float, data: str) -> None:
    widget = QrCodeWidget(data, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        _QR_SIZE,
        _QR_SIZE,
        transform=[_QR_SIZE / (right - left), 0, 0, _QR_SIZE / (top - bottom), 0, 0],
    )
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)
