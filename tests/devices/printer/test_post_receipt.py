"""The receipt of a case by post (物流服务) as the network printer receives it: the ESC/POS
job parsed back says 邮寄送达 and the address down to the district, never the house
number or the whole mobile; the job renders to a picture (kept with KIOSK_TEST_ARTIFACTS)."""

from __future__ import annotations

import os
from pathlib import Path

from devices.printer.adapter import EscPosPrinter
from devices.printer.fake_server import FakePrinterServer
from devices.printer.job_parser import TextRun, parse_job
from devices.printer.render import render_png
from flows.post_delivery import PostDelivery
from tests.devices.conftest import DONE_S
from tests.devices.printer.test_adapter import demo_receipt, printer, server  # noqa: F401

POST = PostDelivery("张伟", "13800138001", "北京市", "北京市", "通州区", "运河东大街57号院3号楼501")


def test_a_post_receipt_says_so_masked_in_the_printed_bytes(
    printer: EscPosPrinter,  # noqa: F811 (the fixture)
    server: FakePrinterServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    receipt = demo_receipt(compartment=None, deferred=(), post=POST)
    assert printer.print_receipt(receipt, timeout=5).result(DONE_S).ok
    (job,) = server.wait_for_jobs(1)
    text = "".join(op.text for op in parse_job(job) if isinstance(op, TextRun))
    assert "送达方式：邮寄送达" in text
    assert "邮寄地址：北京市通州区运河" + "*" * 13 + "承诺" in text  # 15 characters, 2 kept
    assert "收件人：张*  138****8001" in text
    assert "57号" not in text and "13800138001" not in text
    assert "自助取件柜" not in text and "快递单号" in text
    out = Path(os.environ.get("KIOSK_TEST_ARTIFACTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    (out / "post_case_receipt.png").write_bytes(render_png(job))
