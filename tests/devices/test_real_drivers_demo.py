"""The demo wiring: real adapters built from the demo site config, talking to
the simulated peers the composition root starts (pty boards, fake TCP printer, pty scanner)."""

from __future__ import annotations

from pathlib import Path

from devices.base import CompletionCode, DoorOutcome, Receipt, ReceiptLine
from devices.lockers.demo import start_demo_bus
from devices.printer.demo import start_fake_printer
from devices.qr.demo import start_demo_scanner
from devices.registry import build_device
from kiosk.site_config import load_site_config
from tests.devices.conftest import DONE_S

CONFIG = Path(__file__).parents[2] / "assets" / "site" / "demo.toml"


def test_the_demo_opens_doors_prints_and_scans_through_the_real_adapters(tmp_path: Path) -> None:
    config = load_site_config(CONFIG)
    compartments = config.lockers.to_compartments()
    sections = config.devices.as_mapping()
    port, stop_bus = start_demo_bus(compartments, auto_close_after=None)
    url, printer_server = start_fake_printer()
    scanner_port, scanner_sim = start_demo_scanner()
    sections["lockers"] |= {
        "port": port,
        "audit_log": str(tmp_path / "audit.jsonl"),
        "poll_s": 0.05,
    }
    sections["printer"] |= {"url": url}
    sections["qr_scanner"] |= {"port": scanner_port}
    devices = [
        build_device(k, sections[k], compartments) for k in ("lockers", "printer", "qr_scanner")
    ]
    try:
        for d in devices:
            d.open()
        lockers, printer, scanner = devices
        assert lockers.open_door("B03", timeout=5).result(DONE_S).value is DoorOutcome.OPENED  # type: ignore[attr-defined]
        assert (
            printer.print_receipt(Receipt((ReceiptLine("办件回执：测试"),), qr="A1"), 5)
            .result(DONE_S)
            .ok
        )  # type: ignore[attr-defined]
        assert len(printer_server.wait_for_jobs(1)) == 1
        op = scanner.scan(5)  # type: ignore[attr-defined]
        scanner_sim.show("123456")
        assert op.result(DONE_S).value == "123456"
        assert lockers.open_door("Z9", timeout=1).result(DONE_S).code is CompletionCode.INVALID_DATA  # type: ignore[attr-defined]
    finally:
        for d in devices:
            d.close()
        stop_bus()
        printer_server.stop()
        scanner_sim.stop()
