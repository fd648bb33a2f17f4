"""The demo wiring: real adapters built from the demo site config, talking to
the simulated peers the registry starts for its "@demo" placeholders (pty boards,
fake TCP printer, pty scanner)."""

from __future__ import annotations

from pathlib import Path

from device_contracts import CompletionCode, DoorOutcome, Receipt, ReceiptLine
from devices.declaration import DemoSite
from devices.printer.fake_server import FakePrinterServer
from devices.qr.sim_scanner import SimSerialScanner
from devices.registry import build_device, start_demo_peer
from kiosk.site_config import load_site_config
from tests.devices.conftest import DONE_S

CONFIG = Path(__file__).parents[2] / "assets" / "site" / "demo.toml"


def test_the_demo_opens_doors_prints_and_scans_through_the_real_adapters(tmp_path: Path) -> None:
    config = load_site_config(CONFIG)
    compartments = config.lockers.to_compartments()
    sections = config.devices.as_mapping()
    site = DemoSite(tuple(compartments), tmp_path, auto=False)
    kinds = ("lockers", "printer", "qr_scanner")
    peers = [start_demo_peer(k, sections[k], site) for k in kinds]
    sections["lockers"]["poll_s"] = 0.05
    assert sections["lockers"]["audit_log"] == str(tmp_path / "locker-audit.jsonl")
    devices = [build_device(k, sections[k], compartments) for k in kinds]
    try:
        for d in devices:
            d.open()
        lockers, printer, scanner = devices
        _, printer_peer, scanner_peer = peers
        assert printer_peer is not None and isinstance(printer_peer.hands, FakePrinterServer)
        assert scanner_peer is not None and isinstance(scanner_peer.hands, SimSerialScanner)
        assert lockers.open_door("B03", timeout=5).result(DONE_S).value is DoorOutcome.OPENED  # type: ignore[attr-defined]
        assert (
            printer.print_receipt(Receipt((ReceiptLine("办件回执：测试"),), qr="A1"), 5)  # type: ignore[attr-defined]
            .result(DONE_S)
            .ok
        )
        assert len(printer_peer.hands.wait_for_jobs(1)) == 1
        op = scanner.scan(5)  # type: ignore[attr-defined]
        scanner_peer.hands.show("123456")
        assert op.result(DONE_S).value == "123456"
        assert lockers.open_door("Z9", timeout=1).result(DONE_S).code is CompletionCode.INVALID_DATA  # type: ignore[attr-defined]
    finally:
        for d in devices:
            d.close()
        for peer in peers:
            if peer is not None:
                peer.stop()
