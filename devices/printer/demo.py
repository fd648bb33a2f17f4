"""A fake network printer for the demo: the real escpos adapter prints to it over loopback TCP.
Named in ``manifest.py``; the demo's hands read the jobs it received (``.jobs()``)."""

from __future__ import annotations

from devices.declaration import DemoPeer, DemoSite
from devices.printer.fake_server import FakePrinterServer


def start_demo(_site: DemoSite) -> DemoPeer:
    server = FakePrinterServer()
    return DemoPeer(server.url, server.stop, hands=server)
