"""Draws a recorded ESC/POS job as the paper would look: a PNG for tests and the technician.

80 mm paper at 203 dpi is 576 dots wide; normal text is 24 dots high (12
per Latin character, 24 per Chinese one), large text doubles both. The QR
is redrawn from the stored data at the job's module size.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from devices.printer.job_parser import (
    Cut,
    Feed,
    NewLine,
    QrCode,
    SetAlign,
    SetBold,
    SetLarge,
    TextRun,
    parse_job,
)

PAPER_DOTS = 576
MARGIN = 8
LINE = 24
FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/wqy"))
FONT_FILES = {
    False: ("NotoSansCJK-Regular.ttc", "wqy-microhei.ttc"),
    True: ("NotoSansCJK-Bold.ttc", "NotoSansCJK-Regular.ttc", "wqy-microhei.ttc"),
}


class NoCjkFont(RuntimeError):
    """No Chinese font is installed (Debian: fonts-noto-cjk)."""


def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    for name in FONT_FILES[bold]:
        for folder in FONT_DIRS:
            path = folder / name
            if path.exists():
                # index 2 of the Noto CJK collection is the Simplified Chinese face
                index = 2 if name.startswith("NotoSansCJK") else 0
                return ImageFont.truetype(str(path), size, index=index)
    raise NoCjkFont("install fonts-noto-cjk to preview Chinese receipts")


@dataclass
class _Style:
    center: bool = False
    bold: bool = False
    large: bool = False


def _text_width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


def _wrap(font: ImageFont.FreeTypeFont, text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and _text_width(font, current + ch) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    lines.append(current)
    return lines


def render_job(job: bytes) -> Image.Image:
    """The receipt as a white strip of paper. Raises JobParseError for bytes it cannot read."""
    blocks: list[Image.Image] = []
    style = _Style()
    pending = ""
    usable = PAPER_DOTS - 2 * MARGIN

    def text_block(text: str) -> None:
        size = LINE * 2 if style.large else LINE
        font = _font(style.bold, size - 2)
        for part in _wrap(font, text, usable):
            img = Image.new("L", (PAPER_DOTS, int(size * 1.4)), 255)
            draw = ImageDraw.Draw(img)
            w = _text_width(font, part)
            x = (PAPER_DOTS - w) / 2 if style.center else MARGIN
            draw.text((x, 1), part, font=font, fill=0)
            blocks.append(img)

    for op in parse_job(job):
        if isinstance(op, TextRun):
            pending += op.text
        elif isinstance(op, NewLine):
            text_block(pending)
            pending = ""
        elif isinstance(op, SetAlign):
            style.center = op.center
        elif isinstance(op, SetBold):
            style.bold = op.on
        elif isinstance(op, SetLarge):
            style.large = op.on
        elif isinstance(op, Feed):
            blocks.append(Image.new("L", (PAPER_DOTS, LINE * op.lines), 255))
        elif isinstance(op, QrCode):
            blocks.append(_qr_block(op, style.center))
        elif isinstance(op, Cut):
            cut = Image.new("L", (PAPER_DOTS, 12), 255)
            ImageDraw.Draw(cut).line([(0, 6), (PAPER_DOTS, 6)], fill=128, width=1)
            blocks.append(cut)
    if pending:
        text_block(pending)
    height = sum(b.height for b in blocks) + 2 * MARGIN
    paper = Image.new("L", (PAPER_DOTS, max(height, 2 * MARGIN)), 255)
    y = MARGIN
    for block in blocks:
        paper.paste(block, (0, y))
        y += block.height
    return paper.convert("RGB")


def _qr_block(op: QrCode, center: bool) -> Image.Image:
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=op.module, border=4
    )
    code.add_data(op.data)
    code.make(fit=True)
    symbol = code.make_image(fill_color="black", back_color="white").get_image().convert("L")
    if symbol.width > PAPER_DOTS:
        symbol = symbol.resize((PAPER_DOTS, PAPER_DOTS))
    block = Image.new("L", (PAPER_DOTS, symbol.height), 255)
    x = (PAPER_DOTS - symbol.width) // 2 if center else MARGIN
    block.paste(symbol, (x, 0))
    return block


def render_png(job: bytes) -> bytes:
    buffer = io.BytesIO()
    render_job(job).save(buffer, format="PNG")
    return buffer.getvalue()
