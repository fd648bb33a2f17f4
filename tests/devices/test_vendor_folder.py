"""Adding a vendor is one new folder under devices/ and one config line: the "acme"
printer below is written into a temporary folder on the ``devices`` package's path,
and with no file of the app edited it is built, offered in site setup, checked by
the site config, started as a demo peer that the real adapter prints to, and its
tools are a ``kiosk`` subcommand."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import devices
from device_contracts import Receipt, ReceiptLine, ReceiptPrinter
from devices import registry
from devices.printer.fake_server import FakePrinterServer
from kiosk.cli import build_parser
from kiosk.demo.peers import DemoHands, DemoPeers
from kiosk.paths import SIM_SITE_CONFIG
from kiosk.site_config import SiteConfigError, parse_site_config
from kiosk.site_setup import DRIVER_OPTIONS, check, section_fields
from tests.devices.conftest import DONE_S

#: the new folder, file by file, as a vendor's engineer would write it
ACME = {
    "__init__.py": '"""Acme receipt printers: ESC/POS with a larger QR code."""\n',
    "manifest.py": """
from devices.declaration import DriverDeclaration, Option
from devices.kinds import DeviceKind

DRIVERS = (
    DriverDeclaration(
        DeviceKind.PRINTER,
        "acme",
        "devices.acme.drivers:acme_printer",
        options=(Option("url", str), Option("qr_module", int, 8, ge=1, le=16)),
        starts_with={"url": "tcp://192.168.1.70:9100", "qr_module": 8},
        address="url",
        demo="devices.acme.demo:start_demo",
    ),
)
""",
    "drivers.py": """
from device_contracts import Device
from devices.driver_spec import DriverSpec
from devices.printer.adapter import EscPosPrinter, EscPosSettings


def acme_printer(spec: DriverSpec) -> Device:
    settings = EscPosSettings(qr_module=spec.integer("qr_module", 8))
    return EscPosPrinter(spec.text("url"), settings, name=spec.name)
""",
    "demo.py": """
from devices.declaration import DemoPeer, DemoSite
from devices.printer.fake_server import FakePrinterServer


def start_demo(site: DemoSite) -> DemoPeer:
    server = FakePrinterServer()
    return DemoPeer(server.url, server.stop, hands=server)
""",
    "cli.py": """
import argparse


def add_commands(sub: argparse._SubParsersAction) -> None:
    acme = sub.add_parser("acme", help="Acme printer tools")
    acme.set_defaults(func=lambda args: 7)
""",
}

#: the one config line: the printer section names the new driver
SITE = SIM_SITE_CONFIG.read_text(encoding="utf-8").replace(
    '[devices.printer]\ndriver = "sim"\ndelay_s = 0.3\n',
    '[devices.printer]\ndriver = "acme"\nurl = "@demo"\n',
)


@pytest.fixture
def acme_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "vendors" / "acme"
    folder.mkdir(parents=True)
    for name, text in ACME.items():
        (folder / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(devices, "__path__", [*devices.__path__, str(folder.parent)])
    registry.rediscover()
    yield folder
    monkeypatch.undo()
    for module in [m for m in sys.modules if m == "devices.acme" or m.startswith("devices.acme.")]:
        del sys.modules[module]
    registry.rediscover()


@pytest.mark.usefixtures("acme_folder")
def test_a_new_vendor_folder_is_built_offered_checked_and_demoed(tmp_path: Path) -> None:
    config = parse_site_config(SITE)
    assert config.devices.as_mapping()["printer"] == {"driver": "acme", "url": "@demo"}

    # site setup offers it, with the options it declares
    data = tomllib.loads(SITE)  # as site setup loads the file
    fields = {f.name: f for f in section_fields(data, "devices.printer")}
    assert fields["driver"].choices == ("acme", "escpos", "sim")
    assert fields["qr_module"].kind == "int" and fields["qr_module"].value == 8
    assert DRIVER_OPTIONS[("printer", "acme")] == {"url": "tcp://192.168.1.70:9100", "qr_module": 8}

    # the site config checks its options
    with pytest.raises(SiteConfigError, match=r"devices\.printer\.qr_module: "):
        parse_site_config(SITE.replace('url = "@demo"', 'url = "@demo"\nqr_module = 40'))
    with pytest.raises(
        SiteConfigError, match=r"devices\.printer\.colour: unknown option for driver 'acme'"
    ):
        parse_site_config(SITE.replace('url = "@demo"', 'url = "@demo"\ncolour = true'))
    data["devices"]["printer"]["qr_module"] = "big"
    assert [p.key for p in check(data)] == ["devices.printer.qr_module"]

    # the kiosk command has its tools
    args = build_parser().parse_args(["acme"])
    assert args.func(args) == 7

    # the demo starts its peer; the real adapter prints to it
    sections = config.devices.as_mapping()
    peers = DemoPeers.start(config, sections, tmp_path, auto=False)
    try:
        assert isinstance(peers.printer, FakePrinterServer)
        assert sections["printer"]["url"] == peers.printer.url
        built = registry.build_devices(sections, config.lockers.to_compartments())
        printer = built.printer
        assert isinstance(printer, ReceiptPrinter)
        printer.open()
        try:
            receipt = Receipt((ReceiptLine("Acme 测试"),), qr="A1")
            assert printer.print_receipt(receipt, 5).result(DONE_S).ok
            # the print completes once its bytes are sent; the fake printer records the
            # job when it has read them, on its own thread
            peers.printer.wait_for_jobs(1, DONE_S)
            printed = DemoHands(built, peers).printed_text()
            assert len(printed) == 1 and b"Acme" in printed[0]
            assert b"\x1d(k\x03\x001C\x08" in printed[0], "the QR module size Acme declared"
        finally:
            printer.close()
    finally:
        peers.close()


def test_without_the_folder_the_config_line_is_refused() -> None:
    with pytest.raises(SiteConfigError, match="unknown driver 'acme'"):
        parse_site_config(SITE)
