"""The ports the journeys need. ``devices`` and ``offline_cache`` implement them;
only ``kiosk`` wires concrete classes in.

Device ports are the contracts in :mod:`device_contracts` (re-exported here so a
flow imports every port from one place). The platform port is defined here.
All platform calls block (HTTP), so flows run them through
:meth:`device_contracts.Operation.blocking`, never on the caller's thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from device_contracts import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    DeviceSet,
    DocumentCamera,
    FaceVerifier,
    IdCardReader,
    Image,
    LockerBank,
    Operation,
    QrScanner,
    ReceiptPrinter,
    StaffCard,
    StaffCardReader,
    Text,
)
from flows.domain import (
    Appointment,
    AuditEntry,
    CaseDraft,
    CaseEvent,
    CaseStatus,
    CaseStatusKind,
    CaseSummary,
    Catalog,
    ELicence,
    HealthCheck,
    PickupTicket,
    PinCheck,
    SubmitResult,
    UploadedFile,
    UploadSession,
)
from flows.ocr import OcrReading

__all__ = [
    "AuditLog",
    "Clock",
    "CompartmentLedger",
    "DeviceSet",
    "Diagnostics",
    "DocumentCamera",
    "FaceVerifier",
    "FlowLoop",
    "IdCardReader",
    "LockerBank",
    "PageReader",
    "Platform",
    "PlatformError",
    "PlatformUnavailable",
    "QrScanner",
    "ReceiptPrinter",
    "StaffCard",
    "StaffCardReader",
    "StaffCheck",
    "StaffDirectory",
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

    # added for the clerk, appointment, progress and pickup-by-ID journeys ----------

    def terminal_cases(self, status: CaseStatusKind | None = None) -> list[CaseSummary]:
        """This terminal's cases (optionally in one status), oldest first."""
        ...

    def case_summary(self, case_code: str) -> CaseSummary:
        """One case for the progress page (receipt QR). Raises PlatformError when unknown."""
        ...

    def person_cases(self, id_number: str) -> list[CaseSummary]:
        """A person's cases, newest first (progress query by ID card)."""
        ...

    def appointment(self, token: str) -> Appointment:
        """The booking behind an appointment QR. Raises PlatformError when unknown."""
        ...

    def person_appointments(self, id_number: str) -> list[Appointment]:
        """A person's upcoming bookings (appointment check-in by ID card)."""
        ...

    def pickup_for_person(self, id_number: str) -> PickupTicket:
        """The certificate waiting for this person at this terminal (pickup by ID card)."""
        ...

    def person_profile(self, id_number: str) -> dict[str, str]:
        """What the platform knows for pre-filling (``person.*`` sources: phone ...)."""
        ...

    def person_licences(self, id_number: str) -> list[ELicence]:
        """The person's electronic licences (电子证照); [] when none or the person is
        unknown. Raises PlatformUnavailable when the platform cannot say."""
        ...

    def open_upload(self) -> UploadSession:
        """A one-time upload link for the resident's phone."""
        ...

    def uploaded_files(self, token: str) -> list[UploadedFile]:
        """What the phone has sent so far on that link."""
        ...

    def close_upload(self, token: str) -> None:
        """End the link; the platform drops the files it held."""
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


class StaffDirectory(Protocol):
    """Staff cards and PINs (hashed); counts wrong PINs and locks a card out."""

    def check_pin(self, card: StaffCard | None, pin: str) -> PinCheck:
        """``card`` None: the hidden technician gesture (site maintenance PIN). Blocks (scrypt)."""
        ...


class AuditLog(Protocol):
    """Append-only trail of door events and staff actions; durable."""

    def record(self, entry: AuditEntry) -> None: ...

    def recent(self, limit: int = 50) -> list[AuditEntry]: ...


@dataclass(frozen=True)
class StaffCheck:
    """The ports the staff confirmation of a resident's identity needs (the assisted
    path, flows/assisted.py). ``reader`` None: no staff-card reader at this site, so the
    assisted path cannot be confirmed on the kiosk."""

    directory: StaffDirectory
    audit: AuditLog
    reader: StaffCardReader | None = None


class Diagnostics(Protocol):
    """The technician's status checks (devices, outbox, platform, disk, log). Blocks."""

    def run_checks(self) -> list[HealthCheck]: ...

    def recent_log_lines(self, limit: int = 20) -> list[str]:
        """The newest log lines, personal data removed."""
        ...


class PageReader(Protocol):
    """Reads a captured page (OCR): its document type among the matter's materials and
    its labelled fields. Model work: runs off the caller's thread, in an Operation."""

    def read_page(
        self, image: Image, doc_types: Sequence[str], timeout: float
    ) -> Operation[OcrReading]:
        """``doc_types``: the matter's material doc types, to classify against."""
        ...
