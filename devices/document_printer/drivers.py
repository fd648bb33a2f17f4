"""The factory of the "cups" document-printer driver.

Options under ``[devices.document_printer]``::

    driver = "cups"
    url = "ipp://localhost:631/printers/A4"   # the CUPS server and queue
    timeout_s = 5.0                           # each lp/lpstat command's wait
    job_timeout_s = 60.0                      # a job unfinished after this is stuck
"""

from __future__ import annotations

from device_contracts import Device
from devices.document_printer.adapter import CupsDocumentPrinter, CupsSettings
from devices.document_printer.cups_client import QueueUrlError
from devices.driver_spec import DeviceConfigError, DriverSpec

_DEFAULTS = CupsSettings()


def cups(spec: DriverSpec) -> Device:
    settings = CupsSettings(
        timeout_s=spec.number("timeout_s", _DEFAULTS.timeout_s),
        job_timeout_s=spec.number("job_timeout_s", _DEFAULTS.job_timeout_s),
    )
    try:
        return CupsDocumentPrinter(spec.text("url"), settings, name=spec.name)
    except QueueUrlError as exc:
        raise DeviceConfigError(spec.key("url"), str(exc)) from None
