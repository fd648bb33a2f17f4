"""Fake devices implementing the :mod:`device_contracts` Protocols.

Each command is a :class:`Script`: completions queued with ``push`` are handed
out in order (completed on a short-lived thread, as a real adapter would), a
``default`` answers when the queue is empty, and with neither the operation
stays pending until the test calls ``complete_pending``.
"""

from __future__ import annotations

import struct
import threading
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from device_contracts import (
    CardType,
    Compartment,
    CompartmentRole,
    CompartmentSize,
    Completion,
    CompletionCode,
    DeviceSet,
    DeviceState,
    DeviceStatus,
    DoorOutcome,
    DoorState,
    FaceMatch,
    IdentityCard,
    Image,
    Listener,
    ListenerSet,
    Operation,
    Receipt,
    StatusChanged,
    Unsubscribe,
)

T = TypeVar("T")


class Script(Generic[T]):
    def __init__(self, name: str, default: Completion[T] | None = None) -> None:
        self.name = name
        self.default = default
        self.calls = 0
        self._lock = threading.Lock()
        self._queue: deque[Completion[T]] = deque()
        self.pending: list[Operation[T]] = []

    def push(self, *completions: Completion[T]) -> None:
        with self._lock:
            self._queue.extend(completions)

    def start(self) -> Operation[T]:
        op: Operation[T] = Operation(self.name)
        with self._lock:
            self.calls += 1
            completion = self._queue.popleft() if self._queue else self.default
            if completion is None:
                self.pending.append(op)
                return op
        threading.Thread(target=op.complete, args=(completion,), daemon=True).start()
        return op

    def complete_pending(self, completion: Completion[T]) -> None:
        """Finish the oldest pending operation now, on the caller's thread."""
        with self._lock:
            op = self.pending.pop(0)
        op.complete(completion)


class FakeDevice:
    def __init__(self, name: str) -> None:
        self.name = name
        self._listeners = ListenerSet()
        self._status = DeviceStatus(DeviceState.ONLINE)

    def open(self) -> None:
        pass

    def close(self) -> None:
        pass

    def status(self) -> DeviceStatus:
        return self._status

    def capabilities(self) -> Mapping[str, object]:
        return {}

    def subscribe(self, listener: Listener) -> Unsubscribe:
        remove = self._listeners.add(listener)
        listener(StatusChanged(self.name, self._status))
        return remove


class FakeIdReader(FakeDevice):
    def __init__(self) -> None:
        super().__init__("id_reader")
        self.reads: Script[IdentityCard] = Script("read_card")

    def read_card(self, timeout: float) -> Operation[IdentityCard]:
        return self.reads.start()


class FakeDocumentCamera(FakeDevice):
    def __init__(self) -> None:
        super().__init__("document_camera")
        self.captures: Script[Image] = Script("capture_page", Completion.success(page_image()))

    def capture_page(self, timeout: float) -> Operation[Image]:
        return self.captures.start()


class FakeFaceVerifier(FakeDevice):
    def __init__(self) -> None:
        super().__init__("face")
        self.verifies: Script[FaceMatch] = Script("verify", Completion.success(MATCH))
        self.references: list[Image | None] = []

    def verify(self, reference: Image | None, timeout: float) -> Operation[FaceMatch]:
        self.references.append(reference)
        return self.verifies.start()


class FakePrinter(FakeDevice):
    def __init__(self) -> None:
        super().__init__("printer")
        self.prints: Script[None] = Script("print_receipt", Completion.success(None))
        self.printed: list[Receipt] = []

    def print_receipt(self, receipt: Receipt, timeout: float) -> Operation[None]:
        op = self.prints.start()
        op.add_done_callback(lambda c: self.printed.append(receipt) if c.ok else None)
        return op


class FakeLockerBank(FakeDevice):
    def __init__(self, compartments: list[Compartment] | None = None) -> None:
        super().__init__("lockers")
        self._compartments = compartments if compartments is not None else default_compartments()
        self.opens: Script[DoorOutcome] = Script(
            "open_door", Completion.success(DoorOutcome.OPENED)
        )
        self.closes: Script[None] = Script("wait_closed", Completion.success(None))
        self.opened: list[str] = []

    def compartments(self) -> list[Compartment]:
        return list(self._compartments)

    def door_state(self, compartment_id: str) -> DoorState:
        return DoorState.CLOSED

    def open_door(self, compartment_id: str, timeout: float) -> Operation[DoorOutcome]:
        self.opened.append(compartment_id)
        return self.opens.start()

    def wait_closed(self, compartment_id: str, timeout: float) -> Operation[None]:
        return self.closes.start()


class FakeQrScanner(FakeDevice):
    def __init__(self) -> None:
        super().__init__("qr_scanner")
        self.scans: Script[str] = Script("scan")

    def scan(self, timeout: float) -> Operation[str]:
        return self.scans.start()


@dataclass
class FakeDevices:
    id_reader: FakeIdReader = field(default_factory=FakeIdReader)
    document_camera: FakeDocumentCamera = field(default_factory=FakeDocumentCamera)
    face: FakeFaceVerifier = field(default_factory=FakeFaceVerifier)
    printer: FakePrinter = field(default_factory=FakePrinter)
    lockers: FakeLockerBank = field(default_factory=FakeLockerBank)
    qr_scanner: FakeQrScanner = field(default_factory=FakeQrScanner)

    def device_set(self) -> DeviceSet:
        return DeviceSet(
            id_reader=self.id_reader,
            document_camera=self.document_camera,
            face=self.face,
            printer=self.printer,
            lockers=self.lockers,
            qr_scanner=self.qr_scanner,
        )


# --------------------------------------------------------------------------- sample data

MATCH = FaceMatch(matched=True, distance=0.12, threshold=0.6, live=True)
NO_MATCH = FaceMatch(matched=False, distance=0.71, threshold=0.6, live=True)
NOT_LIVE = FaceMatch(matched=True, distance=0.15, threshold=0.6, live=False)

OUT_OF_PAPER = Completion[None].failure(CompletionCode.NO_MEDIA, detail="paper out")


def png_bytes(width: int, height: int) -> bytes:
    """A PNG signature and IHDR: enough for code that reads the size."""
    ihdr = struct.pack(">II", width, height) + b"\x08\x02\x00\x00\x00"
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\x00\x00\x00\x00"


def page_image() -> Image:
    return Image(png_bytes(2480, 3508), "image/png", 2480, 3508)


def sample_card(*, photo: bool = True, valid_to: date | None = date(2036, 5, 1)) -> IdentityCard:
    return IdentityCard(
        card_type=CardType.RESIDENT,
        name="张三",
        gender="male",
        nation="汉",
        birth_date=date(1990, 3, 7),
        address="北京市通州区运河东大街1号",
        id_number="110112199003070011",
        issuer="北京市公安局通州分局",
        valid_from=date(2016, 5, 1),
        valid_to=valid_to,
        photo=png_bytes(102, 126) if photo else None,
    )


def default_compartments() -> list[Compartment]:
    return [
        Compartment("A01", 1, 1, CompartmentSize.S, CompartmentRole.DROP),
        Compartment("A02", 1, 2, CompartmentSize.M, CompartmentRole.DROP),
        Compartment("A03", 1, 3, CompartmentSize.L, CompartmentRole.DROP),
        Compartment("B01", 2, 1, CompartmentSize.M, CompartmentRole.PICKUP),
        Compartment("B02", 2, 2, CompartmentSize.L, CompartmentRole.PICKUP),
    ]
