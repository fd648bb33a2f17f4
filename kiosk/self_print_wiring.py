"""打印证照's wiring (issue 21 item 3): the self-print flow on the site's A4 printer
(``[devices.document_printer]``, in ``DeviceSet.extra``) and the platform's documents,
installed in the window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from device_contracts import DocumentPrinter
from devices.kinds import DeviceKind
from flows.journey_ports import JourneyPorts
from flows.self_print import SelfPrintFlow
from offline_cache.printable_documents import PlatformDocuments

if TYPE_CHECKING:
    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices


def install_self_print(window: MainWindow, services: KioskServices, ports: JourneyPorts) -> None:
    """The home tile opens the journey; a site without an A4 printer keeps the tile's
    "coming soon" badge and page."""
    printer = ports.devices.extra.get(DeviceKind.DOCUMENT_PRINTER.value)
    if not isinstance(printer, DocumentPrinter):
        return
    flow = SelfPrintFlow(ports, PlatformDocuments(services.platform.client), printer)
    services.metrics.watch_flow("self_print", flow)
    window.install_self_print(flow)
