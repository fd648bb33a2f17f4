"""The A4 document printer behind a CUPS queue ("cups") of ``[devices.document_printer]``;
options in ``drivers.py``."""

from __future__ import annotations

from devices.declaration import DriverDeclaration, Option
from devices.kinds import DeviceKind

DRIVERS = (
    DriverDeclaration(
        DeviceKind.DOCUMENT_PRINTER,
        "cups",
        "devices.document_printer.drivers:cups",
        options=(
            Option("url", str),
            Option("timeout_s", float, 5.0, gt=0),
            Option("job_timeout_s", float, 60.0, gt=0),
        ),
        starts_with={"url": "ipp://localhost:631/printers/A4"},
        address="url",
        demo="devices.document_printer.demo:start_demo",
    ),
)
