"""A fake network printer for the demo: the real escpos adapter prints to it over loopback TCP."""

from __future__ import annotations

from devices.printer.fake_server import FakePrinterServer


def start_fake_printer() -> tuple[str, FakePrinterServer]:
    """Returns the ``url`` for ``[devices.printer]`` and the server (``.jobs()``, ``.state``, ``.stop()``)."""
    server = FakePrinterServer()
    return server.url, server
