"""The escpos adapter against the fake network printer (loopback TCP), the preview and the CLI."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from device_contracts import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    CompletionCode,
    PaperLow,
    Receipt,
    ReceiptPrinter,
    Text,
)
from devices.printer.adapter import EscPosPrinter, EscPosSettings
from devices.printer.fake_server import FakePrinterServer
from devices.printer.job_parser import QrCode, TextRun, parse_job
from devices.printer.render import render_png
from devices.printer.status import PrinterStatus
from devices.qr.camera import decode_png
from devices.qr.payload import PayloadKind, decode_payload
from flows.domain import MaterialSpec, Matter, SubmitResult, SubmitState
from flows.receipts import case_receipt
from kiosk.cli import main
from tests.devices.conftest import DONE_S, Recorder

CASE_CODE = "BJTZ-20261103-000042"


def demo_receipt(**changes: Any) -> Receipt:
    """The demo's declaration receipt; ``changes``: case_receipt's arguments replaced."""
    matter = Matter(
        code="hukou",
        name=Text("夫妻投靠户口迁入", "Hukou transfer"),
        category="hukou",
        department=Text("北京市公安局", "Police"),
        processing_days=10,
        materials=(),
        fields=(),
    )
    arguments: dict[str, Any] = {
        "terminal_id": "BJTZ-0001",
        "submitted_at": datetime(2026, 11, 3, 21, 40),
        "matter": matter,
        "applicant_name": "张伟",
        "result": SubmitResult(SubmitState.ACCEPTED, CASE_CODE, "k1"),
        "compartment": Compartment("A03", 1, 3, CompartmentSize.M, CompartmentRole.DROP),
        "deferred": (
            MaterialSpec(
                "marriage",
                Text("结婚证", "Marriage certificate"),
                deferrable=True,
                deferral_days=10,
            ),
        ),
    }
    return case_receipt(**{**arguments, **changes})


@pytest.fixture
def server() -> Iterator[FakePrinterServer]:
    s = FakePrinterServer()
    yield s
    s.stop()


@pytest.fixture
def printer(server: FakePrinterServer) -> Iterator[EscPosPrinter]:
    p = EscPosPrinter(server.url, EscPosSettings(timeout_s=1.0))
    p.open()
    yield p
    p.close()


def test_it_is_a_receipt_printer(printer: EscPosPrinter) -> None:
    assert isinstance(printer, ReceiptPrinter)
    assert printer.status().operational


def test_a_receipt_arrives_at_the_printer_as_the_encoder_built_it(
    printer: EscPosPrinter, server: FakePrinterServer
) -> None:
    receipt = demo_receipt()
    assert printer.print_receipt(receipt, timeout=5).result(DONE_S).ok
    (job,) = server.wait_for_jobs(1)
    assert job == printer.job_bytes(receipt)
    text = "".join(op.text for op in parse_job(job) if isinstance(op, TextRun))
    assert "办件编号：" + CASE_CODE in text
    assert "容缺受理：以下材料请在期限前补齐补正" in text


def test_the_rendered_receipt_shows_a_qr_that_decodes_to_the_case_code(
    printer: EscPosPrinter, server: FakePrinterServer, tmp_path: Path
) -> None:
    assert printer.print_receipt(demo_receipt(), timeout=5).result(DONE_S).ok
    (job,) = server.wait_for_jobs(1)
    png = render_png(job)
    # KIOSK_TEST_ARTIFACTS=DIR keeps the picture for a person to look at
    out = Path(os.environ.get("KIOSK_TEST_ARTIFACTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    (out / "demo_case_receipt.png").write_bytes(png)
    scanned = decode_png(png)
    assert scanned is not None
    payload = decode_payload(scanned)
    assert (payload.kind, payload.code) == (PayloadKind.RECEIPT, CASE_CODE)
    assert next(op for op in parse_job(job) if isinstance(op, QrCode)).data == scanned.encode()


def test_paper_out_refuses_the_job_with_a_plain_message(
    printer: EscPosPrinter, server: FakePrinterServer
) -> None:
    server.state = PrinterStatus(paper_out=True)
    completion = printer.print_receipt(demo_receipt(), timeout=5).result(DONE_S)
    assert completion.code is CompletionCode.NO_MEDIA
    assert "屏幕上的编码" in completion.text.zh
    assert server.jobs() == []
    assert printer.status().detail == "paper_out"


def test_paper_near_end_prints_and_warns(
    printer: EscPosPrinter, server: FakePrinterServer, recorder: Recorder
) -> None:
    printer.subscribe(recorder)
    server.state = PrinterStatus(paper_near_end=True)
    assert printer.print_receipt(demo_receipt(), timeout=5).result(DONE_S).ok
    recorder.wait_for(PaperLow)
    assert len(server.wait_for_jobs(1)) == 1


def test_cover_open_is_a_hardware_error(printer: EscPosPrinter, server: FakePrinterServer) -> None:
    server.state = PrinterStatus(cover_open=True)
    assert (
        printer.print_receipt(demo_receipt(), timeout=5).result(DONE_S).code
        is CompletionCode.HARDWARE_ERROR
    )


def test_a_printer_that_does_not_answer_status_is_device_not_ready(
    printer: EscPosPrinter, server: FakePrinterServer
) -> None:
    server.silent = True
    completion = printer.print_receipt(demo_receipt(), timeout=5).result(DONE_S)
    assert completion.code is CompletionCode.DEVICE_NOT_READY
    assert not printer.status().operational


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_cli_printer_test_prints_chinese_qr_and_cut(
    server: FakePrinterServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "--log-level",
            "ERROR",
            "printer",
            "test",
            "--url",
            server.url,
            "--preview",
            str(tmp_path / "t.png"),
        ]
    )
    assert code == 0
    (job,) = server.wait_for_jobs(1)
    assert "中文标点：，。；：？！（）《》“”".encode("gb18030") in job
    assert b"\x1d(k" in job and job.endswith(b"\x1dVB\x00")
    assert decode_png((tmp_path / "t.png").read_bytes()) is not None


def test_cli_printer_test_fails_plainly_when_nobody_answers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"tcp://127.0.0.1:{_closed_port()}"
    code = main(["--log-level", "ERROR", "printer", "test", "--url", url, "--timeout", "0.5"])
    assert code == 3
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"The printer at {url} does not answer; check its power, cable and address."
    )
