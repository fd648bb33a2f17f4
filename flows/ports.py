"""The ports the journeys need. ``devices`` and ``offline_cache`` implement them;
only ``kiosk`` wires concrete classes in.

Device ports are the contracts in :mod:`devices.base` (re-exported here so a
flow imports every port from one place). The platform port is defined here.
All platform calls block (HTTP), so flows run them through
:meth:`devices.base.Operation.blocking`, never on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from devices.base import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    DeviceSet,
    DocumentCamera,
    FaceVerifier,
    IdCardReader,
    Image,
    LockerBank,
    QrScanner,
    ReceiptPrinter,
    Text,
)
from flows.domain import (
    CaseDraft,
    CaseEvent,
    CaseStatus,
    Catalog,
    PickupTicket,
    SubmitResult,
)

__all__ = [
    "Clock",
    "CompartmentLedger",
    "DeviceSet",
    "DocumentCamera",
    "FaceVerifier",
    "FlowLoop",
    "IdCardReader",
    "LockerBank",
    "Platform",
    "PlatformError",
    "PlatformUnavailable",
    "QrScanner",
    "ReceiptPrinter",
]


class PlatformError(Exception):
    """The platform answered, but said no (bad code, unknown case...)."""

    def __init__(self, message: Text, detail: str = "") -> None:
        self.message = message
        self.detail = detail
        super().__init__(detail or message.en)


class PlatformUnavailable(PlatformError):
    """The platform did not answer (down, 5xx, timeout). Queue and go on when possible."""


class Platform(Protocol):
    """The central platform (一体化政务服务平台) as the flows need it.

    Implementations are durable: ``submit_case`` and ``report_event`` store
    first and send after, so they succeed while the platform is down.
    """

    def catalog(self) -> Catalog:
        """The matter catalogue, from the platform or the local cache when offline."""
        ...

    def submit_case(self, draft: CaseDraft) -> SubmitResult:
        """Store the case durably, then try to send it. Never loses it; never sends it twice."""
        ...

    def report_event(self, event: CaseEvent) -> None:
        """Record a case event durably and forward it when the platform answers."""
        ...

    def verify_pickup_code(self, code: str) -> PickupTicket:
        """Check a pickup code. Raises PlatformError (wrong/used/expired) or PlatformUnavailable."""
        ...

    def case_status(self, case_code: str) -> CaseStatus: ...

    def reference_photo(self, id_number: str) -> Image | None:
        """The platform's photo of the person for the face check, when the card's can't be decoded."""
        ...


class Clock(Protocol):
    def now(self) -> float: ...


class Timer(Protocol):
    def cancel(self) -> None: ...


class FlowLoop(Protocol):
    """Where a flow's code runs. Flows are not thread-safe: every callback from a
    device or worker thread is posted here first. The Qt app implements it on
    the GUI thread; tests implement it with a queue they drain.
    """

    def post(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` soon on the flow's thread. Safe to call from any thread."""
        ...

    def call_later(self, seconds: float, fn: Callable[[], None]) -> Timer: ...


class CompartmentLedger(Protocol):
    """Which locker compartment holds which case; durable across restarts."""

    def allocate(
        self,
        compartments: Sequence[Compartment],
        role: CompartmentRole,
        size: CompartmentSize,
        case_ref: str,
    ) -> Compartment | None:
        """Reserve the smallest free compartment of ``role`` at least ``size`` (S < M < L)."""
        ...

    def occupant(self, compartment_id: str) -> str | None: ...

    def release(self, compartment_id: str) -> None: ...

    def assignments(self) -> dict[str, str]:
        """Compartment id -> case ref for every occupied compartment."""
        ...
