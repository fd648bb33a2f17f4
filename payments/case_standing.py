"""Where a paid fee's case stands, by the outbox's word (the case is found by its
idempotency key, the fee trade's reference): the platform holds it, refused it for good,
it still waits to be sent, or it was never stored (the kiosk stopped between the payment
and the submission)."""

from __future__ import annotations

import enum
from typing import Protocol

from offline_cache.outbox_items import OutboxCase, OutboxState


class CaseStanding(enum.StrEnum):
    #: the platform accepted the case, and the trade with it (the draft carries it)
    HELD = "held"
    #: the platform refused the case for good (fee_required, fee_mismatch ...)
    REFUSED = "refused"
    #: stored, not delivered yet (queued, being sent, set aside as damaged)
    WAITING = "waiting"
    #: no case under that key: the submission never happened
    ABSENT = "absent"


class CaseLookup(Protocol):
    """What of the outbox the standing needs (:meth:`offline_cache.outbox.Outbox.lookup_case`)."""

    def lookup_case(self, ref: str) -> OutboxCase | None: ...


def case_standing(outbox: CaseLookup, idempotency_key: str) -> CaseStanding:
    case = outbox.lookup_case(idempotency_key)
    if case is None or case.idempotency_key != idempotency_key:
        return CaseStanding.ABSENT
    if case.state is OutboxState.ACCEPTED:
        return CaseStanding.HELD
    if case.state is OutboxState.FAILED:
        return CaseStanding.REFUSED
    return CaseStanding.WAITING
