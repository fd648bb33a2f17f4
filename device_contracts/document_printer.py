"""The A4 document printer (打印证照): a whole PDF, rendered by the platform, printed
as it is. Unlike the receipt printer the device does not lay the page out; it takes
the document's bytes and reports, in the same completion codes, why it could not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from device_contracts.interfaces import Device
from device_contracts.operation import Operation


@dataclass(frozen=True)
class PrintDocument:
    """One document to print: its PDF and the title the print queue lists it under
    (never personal data: queues and their logs are read by technicians)."""

    pdf: bytes
    title: str

    def __post_init__(self) -> None:
        if not self.pdf.startswith(b"%PDF-"):
            raise ValueError("not a PDF")


@runtime_checkable
class DocumentPrinter(Device, Protocol):
    def print_document(self, document: PrintDocument, timeout: float) -> Operation[None]:
        """Complete when the printer has taken the whole job (NO_MEDIA, HARDWARE_ERROR,
        DEVICE_NOT_READY with a message for the resident otherwise)."""
        ...
