"""What the outbox holds and hands out: a row's state, a case's bookkeeping (no
personal data) and the items a sender claims (decrypted, ready to send)."""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass, field
from typing import Any


class OutboxState(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    ACCEPTED = "accepted"
    FAILED = "failed"
    DAMAGED = "damaged"
    #: stored but not to be sent yet: a low rating whose reasons may still come. Its
    #: sender releases it (queued, its body brought up to date); a kiosk that stopped
    #: before that queues it at its next start, so the level tapped is never lost
    HELD = "held"


#: the states of a row still to be delivered
PENDING = (OutboxState.QUEUED.value, OutboxState.SENDING.value)


@dataclass(frozen=True)
class OutboxCase:
    """A case's bookkeeping, without personal data."""

    idempotency_key: str
    provisional_code: str
    matter_code: str
    state: OutboxState
    case_code: str | None
    created_at: float

    @property
    def code(self) -> str:
        """What a receipt shows: the case code once known, else the provisional code."""
        return self.case_code or self.provisional_code

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxCase:
        return cls(
            idempotency_key=row["idempotency_key"],
            provisional_code=row["provisional_code"],
            matter_code=row["matter_code"],
            state=OutboxState(row["state"]),
            case_code=row["case_code"],
            created_at=row["created_at"],
        )


# A claimed item's body is the request as it goes on the wire: a case's holds personal
# data, a callback's a phone number. It is left out of every repr (log lines, tracebacks).


@dataclass(frozen=True)
class PendingCase:
    """A claimed case, decrypted, ready to send."""

    idempotency_key: str
    provisional_code: str
    body: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class PendingEvent:
    event_id: str
    case_code: str  # resolved to the platform's code
    body: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class PendingHelp:
    """A claimed help call, ready to send."""

    call_id: str
    body: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class PendingEvaluation:
    """A claimed rating (好差评), ready to send, its case's code resolved."""

    evaluation_id: str
    body: dict[str, Any] = field(repr=False)
