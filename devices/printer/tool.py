"""``kiosk printer test``: a test receipt with Chinese text and punctuation, a QR code and a cut."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from device_contracts import CompletionCode, Receipt, ReceiptAlign, ReceiptLine
from devices.printer.adapter import EscPosPrinter, EscPosSettings
from devices.printer.backends import PrinterUrlError

TEST_CODE = "TEST-0001"


def test_receipt(now: datetime) -> Receipt:
    return Receipt(
        lines=(
            ReceiptLine("打印机测试页", bold=True, large=True, align=ReceiptAlign.CENTER),
            ReceiptLine("北京市政务服务 24小时自助服务区", align=ReceiptAlign.CENTER),
            ReceiptLine(f"时间：{now:%Y-%m-%d %H:%M}"),
            ReceiptLine("中文标点：，。；：？！（）《》“”"),
            ReceiptLine("ASCII: 0123456789 ABC abc"),
            ReceiptLine("下方二维码内容：" + TEST_CODE),
        ),
        qr=TEST_CODE,
    )


def printer_test(url: str, *, timeout_s: float, preview: Path | None = None) -> tuple[int, str]:
    """Print the test receipt; ``(exit code, one plain sentence)``."""
    try:
        printer = EscPosPrinter(url, EscPosSettings(timeout_s=timeout_s))
    except PrinterUrlError as exc:
        return 2, f"{exc}."
    receipt = test_receipt(datetime.now())
    if preview is not None:
        from devices.printer.render import render_png

        preview.write_bytes(render_png(printer.job_bytes(receipt)))
    printer.open()
    try:
        completion = printer.print_receipt(receipt, timeout=timeout_s * 4 + 2).result()
    finally:
        printer.close()
    if completion.ok:
        return 0, f"Test receipt sent to {url}."
    if completion.code in (CompletionCode.DEVICE_NOT_READY, CompletionCode.TIMEOUT):
        return 3, f"The printer at {url} does not answer; check its power, cable and address."
    return 4, f"The printer at {url} cannot print: {completion.text.en}."
