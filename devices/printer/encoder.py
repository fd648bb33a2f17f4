"""The ESC/POS bytes of a receipt, built here rather than by python-escpos.

python-escpos switches to GB18030 only for chunks with ideographs and never
sends ``FS &``, so full-width punctuation (``：，（）``) comes out as ``??``.
We enter Chinese mode once (``FS &``) and send all text as raw GB18030;
ASCII stays single-byte in that mode. The QR is the printer's own
(``GS ( k``, model 2, error level M), so it is sharp at any size.
"""

from __future__ import annotations

from device_contracts import Receipt, ReceiptAlign, ReceiptLine

ESC, GS, FS, LF = b"\x1b", b"\x1d", b"\x1c", b"\n"

INIT = ESC + b"@"
CHINESE_ON = FS + b"&"
CHINESE_OFF = FS + b"."
ALIGN = {ReceiptAlign.LEFT: ESC + b"a\x00", ReceiptAlign.CENTER: ESC + b"a\x01"}
BOLD_ON, BOLD_OFF = ESC + b"E\x01", ESC + b"E\x00"
# GS ! sizes single-byte text, FS ! sizes Chinese characters: send both
LARGE_ON = GS + b"!\x11" + FS + b"!\x0c"
LARGE_OFF = GS + b"!\x00" + FS + b"!\x00"
CUT = GS + b"V\x42\x00"  # feed to the cutter and cut (partial)
QR_MODEL_2 = GS + b"(k\x04\x001A2\x00"
QR_ERROR_M = GS + b"(k\x03\x001E1"
QR_PRINT = GS + b"(k\x03\x001Q0"
MAX_QR_DATA = 7089


def feed(lines: int) -> bytes:
    return ESC + b"d" + bytes([max(0, min(lines, 255))])


#: C0 controls, DEL and C1 controls: on the wire they are commands (ESC, GS, FS, DLE...),
#: so a name or matter title carrying one would cut, reset or reconfigure the printer
_CONTROLS = {c: "?" for c in (*range(0x20), *range(0x7F, 0xA0))}


def text_bytes(text: str) -> bytes:
    """GB18030 for everything; control characters and characters it cannot hold become
    '?' (never an exception, never a command: found by tests/devices/printer/test_fuzz.py)."""
    return text.translate(_CONTROLS).encode("gb18030", errors="replace")


def encode_line(line: ReceiptLine) -> bytes:
    out = ALIGN[line.align]
    if line.bold:
        out += BOLD_ON
    if line.large:
        out += LARGE_ON
    out += text_bytes(line.text) + LF
    if line.large:
        out += LARGE_OFF
    if line.bold:
        out += BOLD_OFF
    return out


def encode_qr(data: str, module_size: int = 6) -> bytes:
    payload = data.encode("utf-8")
    if not payload or len(payload) > MAX_QR_DATA:
        raise ValueError("QR data must be 1-7089 bytes")
    if not 1 <= module_size <= 16:
        raise ValueError("QR module size must be 1-16")
    size = GS + b"(k\x03\x001C" + bytes([module_size])
    length = len(payload) + 3
    store = GS + b"(k" + bytes([length & 0xFF, length >> 8]) + b"1P0" + payload
    return QR_MODEL_2 + size + QR_ERROR_M + store + QR_PRINT


def encode_receipt(receipt: Receipt, *, qr_data: str | None = None, qr_module: int = 6) -> bytes:
    """The whole job: init, Chinese mode, lines, centred QR (``qr_data`` or ``receipt.qr``), cut."""
    out = INIT + CHINESE_ON
    for line in receipt.lines:
        out += encode_line(line)
    data = qr_data if qr_data is not None else receipt.qr
    if data:
        out += ALIGN[ReceiptAlign.CENTER] + encode_qr(data, qr_module) + LF
        out += ALIGN[ReceiptAlign.LEFT]
    out += CHINESE_OFF + feed(3)
    if receipt.cut:
        out += CUT
    return out
