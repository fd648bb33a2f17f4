"""The A4 printer's real peer as pytest fixtures: a private cupsd for the module, and
the cups driver on its queue, enabled afresh for each test (import both fixtures)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.document_printer.adapter import CupsDocumentPrinter, CupsSettings
from devices.document_printer.private_cupsd import PrivateCupsd, cupsd_available

#: for the module's ``pytestmark``
needs_cupsd = pytest.mark.skipif(not cupsd_available(), reason="Debian cups is not installed")


@pytest.fixture(scope="module")
def cupsd() -> Iterator[PrivateCupsd]:
    server = PrivateCupsd()
    try:
        yield server.start()
    finally:
        server.stop()


def cups_printer(cupsd: PrivateCupsd, job_timeout_s: float = 20.0) -> CupsDocumentPrinter:
    """The driver on the queue, opened; a job unfinished after ``job_timeout_s`` is stuck."""
    device = CupsDocumentPrinter(cupsd.url, CupsSettings(job_timeout_s=job_timeout_s, poll_s=0.1))
    device.open()
    return device


@pytest.fixture
def printer(cupsd: PrivateCupsd) -> Iterator[CupsDocumentPrinter]:
    cupsd.enable()
    device = cups_printer(cupsd)
    yield device
    device.close()
