"""The demo's A4 printer: a private cupsd (``private_cupsd.py``) the real cups adapter
prints to; the demo's hands read what its device received (``.printed_pdf()``)."""

from __future__ import annotations

from devices.declaration import DemoPeer, DemoSite
from devices.document_printer.private_cupsd import PrivateCupsd


def start_demo(_site: DemoSite) -> DemoPeer:
    server = PrivateCupsd()
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    return DemoPeer(server.url, server.stop, hands=server)
