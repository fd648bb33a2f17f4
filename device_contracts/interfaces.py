"""What each kind of device offers the flows: one Protocol a kind, and the site's
:class:`DeviceSet`. Commands return an :class:`~device_contracts.operation.Operation`
at once; status and capabilities are plain queries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from device_contracts.cards import IdentityCard, StaffCard
from device_contracts.listeners import Listener, Unsubscribe
from device_contracts.lockers import Compartment, DoorOutcome, DoorState
from device_contracts.operation import Operation
from device_contracts.pictures import FaceMatch, Image
from device_contracts.preview import PreviewSink
from device_contracts.receipt import Receipt
from device_contracts.status import DeviceStatus


@runtime_checkable
class Device(Protocol):
    """What every adapter offers, whatever its kind."""

    name: str

    def open(self) -> None:
        """Connect to the hardware (or peer). Errors show in ``status``, not as exceptions."""

    def close(self) -> None: ...

    def status(self) -> DeviceStatus: ...

    def capabilities(self) -> Mapping[str, object]: ...

    def subscribe(self, listener: Listener) -> Unsubscribe:
        """Register for unsolicited events; the current status is sent at once."""
        ...


@runtime_checkable
class IdCardReader(Device, Protocol):
    def read_card(self, timeout: float) -> Operation[IdentityCard]:
        """Wait for a card to be placed (up to ``timeout``) and read it."""
        ...


@runtime_checkable
class DocumentCamera(Device, Protocol):
    def capture_page(self, timeout: float) -> Operation[Image]:
        """Capture one page lying on the camera's plate."""
        ...


@runtime_checkable
class LiveDocumentCamera(DocumentCamera, Protocol):
    """A document camera that shows its live picture while ``capture_page`` runs and
    takes the page by itself once it has lain still and clear (auto-capture).

    ``set_preview``: where the frames go (scaled, with the page outline; None: nowhere,
    and what the camera remembers of the pages it took is forgotten); while a sink is
    set, a page already taken is not taken again until the picture changes.
    ``set_auto_capture``: take still pages by themselves (True) or only when told.
    ``shoot``: the running capture takes the next frame with a page in it, still or
    not (the resident's 拍摄 button). Prompts come as :class:`PagePrompt` events."""

    def set_preview(self, sink: PreviewSink | None) -> None: ...

    def set_auto_capture(self, on: bool) -> None: ...

    def shoot(self) -> None: ...


@runtime_checkable
class FaceVerifier(Device, Protocol):
    """Face camera plus the 1:1 check with liveness, as one service."""

    def verify(self, reference: Image | None, timeout: float) -> Operation[FaceMatch]:
        """Check the person in front of the camera against ``reference``.

        ``reference`` is the card's decoded photo or the platform's reference
        photo; captured frames are wiped when the operation completes.
        """
        ...


@runtime_checkable
class ReceiptPrinter(Device, Protocol):
    def print_receipt(self, receipt: Receipt, timeout: float) -> Operation[None]: ...


@runtime_checkable
class LockerBank(Device, Protocol):
    def compartments(self) -> list[Compartment]: ...

    def door_state(self, compartment_id: str) -> DoorState: ...

    def open_door(self, compartment_id: str, timeout: float) -> Operation[DoorOutcome]:
        """Unlock and confirm by the door sensor that the door opened."""
        ...

    def wait_closed(self, compartment_id: str, timeout: float) -> Operation[None]:
        """Complete when the door's sensor reads closed (TIMEOUT: left open)."""
        ...


@runtime_checkable
class QrScanner(Device, Protocol):
    def scan(self, timeout: float) -> Operation[str]:
        """Complete with the next code read (scans also arrive as CodeScanned events)."""
        ...


@dataclass
class DeviceSet:
    """Every device a site has, as the flows see them."""

    id_reader: IdCardReader
    document_camera: DocumentCamera
    face: FaceVerifier
    printer: ReceiptPrinter
    lockers: LockerBank
    qr_scanner: QrScanner
    extra: dict[str, Device] = field(default_factory=dict)

    def all(self) -> list[Device]:
        return [
            self.id_reader,
            self.document_camera,
            self.face,
            self.printer,
            self.lockers,
            self.qr_scanner,
            *self.extra.values(),
        ]


@runtime_checkable
class StaffCardReader(Device, Protocol):
    """PC/SC reader for clerk and technician cards (ISO 7816)."""

    def read_staff_card(self, timeout: float) -> Operation[StaffCard]:
        """Wait for a staff card (up to ``timeout``) and read its UID."""
        ...
