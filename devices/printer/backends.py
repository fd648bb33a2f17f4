"""python-escpos transports chosen by a URL from the site config.

tcp://192.168.1.60:9100              network printer (port 9100 by default)
serial:///dev/ttyS0?baudrate=9600    serial printer
usb://0416:5011                      USB printer by vendor:product id (hex)
file:///dev/usb/lp0                  a device file (write only: no status)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit


class PrinterUrlError(ValueError):
    """The printer URL cannot be understood."""


@dataclass(frozen=True)
class PrinterUrl:
    scheme: str  # tcp | serial | usb | file
    host: str = ""
    port: int = 9100
    path: str = ""
    baudrate: int = 9600
    vendor: int = 0
    product: int = 0

    @property
    def can_read_status(self) -> bool:
        return self.scheme != "file"


def parse_printer_url(url: str) -> PrinterUrl:
    parts = urlsplit(url)
    scheme = parts.scheme
    try:
        if scheme == "tcp":
            if not parts.hostname:
                raise PrinterUrlError(f"no host in {url!r}")
            return PrinterUrl("tcp", host=parts.hostname, port=parts.port or 9100)
        if scheme == "serial":
            if not parts.path:
                raise PrinterUrlError(f"no device path in {url!r}")
            baud = int(parse_qs(parts.query).get("baudrate", ["9600"])[0])
            return PrinterUrl("serial", path=parts.path, baudrate=baud)
        if scheme == "usb":
            vid, _, pid = parts.netloc.partition(":")
            return PrinterUrl("usb", vendor=int(vid, 16), product=int(pid, 16))
        if scheme == "file":
            if not parts.path:
                raise PrinterUrlError(f"no file path in {url!r}")
            return PrinterUrl("file", path=parts.path)
    except ValueError as exc:
        if isinstance(exc, PrinterUrlError):
            raise
        raise PrinterUrlError(f"bad printer URL {url!r}: {exc}") from None
    raise PrinterUrlError(
        f"printer URL must start with tcp://, serial://, usb:// or file://: {url!r}"
    )


def make_backend(target: PrinterUrl, *, timeout_s: float) -> Any:
    """An unopened python-escpos printer object for ``target``."""
    from devices.printer import capabilities_cache

    cache = capabilities_cache.prepare()  # escpos's database parsed once, not every start
    from escpos import printer

    if cache is not None:
        cache.store()
    if target.scheme == "tcp":
        return printer.Network(target.host, port=target.port, timeout=timeout_s)
    if target.scheme == "serial":
        return printer.Serial(
            devfile=target.path, baudrate=target.baudrate, timeout=timeout_s, dsrdtr=False
        )
    if target.scheme == "usb":
        return printer.Usb(target.vendor, target.product, timeout=int(timeout_s * 1000))
    return printer.File(devfile=target.path)
