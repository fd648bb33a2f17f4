"""The logged-in member of staff and the work at hand, one session for the login and
every journey it leads to (the screens read it whole). Wiped on logout."""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field

from device_contracts import Compartment, CompartmentSize, Image, StaffCard, Text
from flows.domain import AuditEntry, CaseStatus, HealthCheck, StaffMember
from flows.handover import RetrievalItem
from flows.site_setup import SetupDraft


class LiveTest(enum.StrEnum):
    """The maintenance page's live device tests."""

    CARD = "card"
    PRINT = "print"
    DOOR = "door"
    CAMERA = "camera"


@dataclass(frozen=True)
class TestResult:
    running: bool
    ok: bool = False
    text: Text | None = None


@dataclass(repr=False)
class StaffSession:
    """The logged-in staff member and the work at hand. Wiped on logout."""

    card: StaffCard | None = None
    member: StaffMember | None = None
    message: Text | None = None
    busy: bool = False
    pin_attempts_left: int = 0
    # retrieval
    items: list[RetrievalItem] = field(default_factory=list)
    current: RetrievalItem | None = None
    slip_failed: bool = False
    # loading
    case_code: str = ""
    size: CompartmentSize = CompartmentSize.S
    case: CaseStatus | None = None
    compartment: Compartment | None = None
    jammed: list[str] = field(default_factory=list)
    loaded: list[tuple[str, str]] = field(default_factory=list)  # (case code, compartment)
    load_recorded: bool = False
    # maintenance
    checks: list[HealthCheck] = field(default_factory=list)
    log_lines: list[str] = field(default_factory=list)
    audit: list[AuditEntry] = field(default_factory=list)
    tests: dict[LiveTest, TestResult] = field(default_factory=dict)
    camera_frame: Image | None = None
    # site setup: the config being edited (None until loaded, dropped on leaving)
    setup: SetupDraft | None = None

    def wipe(self) -> None:
        fresh = StaffSession()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def __repr__(self) -> str:
        who = self.member.staff_id if self.member else None
        return f"StaffSession(staff={who})"

    @property
    def pending(self) -> list[RetrievalItem]:
        return [i for i in self.items if i.outcome is None]
