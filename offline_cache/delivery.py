"""Sending one claimed outbox item and recording the outcome: shared by the
synchronous first attempt (KioskPlatform) and the Forwarder's retries."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from functools import partial
from typing import TypeVar

from flows.help import HelpAnswer
from flows.ports import PlatformError, PlatformUnavailable
from offline_cache.client import CaseAccepted, PlatformClient, Timeout
from offline_cache.errors import PlatformRejected
from offline_cache.outbox import (
    Outbox,
    PendingCase,
    PendingEvaluation,
    PendingEvent,
    PendingHelp,
)
from offline_cache.sealed_store import RowOutcomes

log = logging.getLogger(__name__)

#: what the platform answers a delivery with
T = TypeVar("T")


class Outcome(enum.StrEnum):
    DELIVERED = "delivered"
    UNAVAILABLE = "unavailable"  # try again later, with the same key
    REJECTED = "rejected"  # the platform said no for good


#: the platform's answer when another case holds this provisional code: never final
CODE_TAKEN = "provisional_code_taken"
#: fresh codes tried in one delivery before the case waits for the next pass
_REISSUES = 3


def deliver_case(
    outbox: Outbox, client: PlatformClient, item: PendingCase, timeout: Timeout | None = None
) -> tuple[Outcome, CaseAccepted | PlatformError]:
    for _ in range(_REISSUES):
        outcome, answer = _send_case(outbox, client, item, timeout)
        if not (isinstance(answer, PlatformRejected) and answer.code == CODE_TAKEN):
            return outcome, answer
        # the code, not the case, is at fault: the case gets a new code and goes again
        renewed = outbox.reissue_case_code(item.idempotency_key)
        if renewed is None:
            break
        item = renewed
    outbox.case_outcomes.retry(item.idempotency_key, f"409 {CODE_TAKEN}")
    return Outcome.UNAVAILABLE, answer


def _send_case(
    outbox: Outbox, client: PlatformClient, item: PendingCase, timeout: Timeout | None
) -> tuple[Outcome, CaseAccepted | PlatformError]:
    """One send; the row is left claimed (``sending``) only for a taken code."""
    key = item.idempotency_key
    return _send(
        lambda: client.submit_case(item.body, key, timeout=timeout),
        accepted=lambda answer: outbox.case_accepted(key, answer.case_code),
        outcomes=outbox.case_outcomes,
        key=key,
        extra={"provisional_code": item.provisional_code},
        keep_claimed=CODE_TAKEN,
    )


def deliver_event(
    outbox: Outbox, client: PlatformClient, item: PendingEvent, timeout: Timeout | None = None
) -> tuple[Outcome, PlatformError | None]:
    key = item.event_id
    outcome, answer = _send(
        lambda: client.post_event(item.case_code, item.body, timeout=timeout),
        accepted=lambda _answer: outbox.event_accepted(key),
        outcomes=outbox.event_outcomes,
        key=key,
        extra={"event_id": key, "case_code": item.case_code},
    )
    # the case's status the platform answers is not used: a delivered event gives None
    return outcome, answer if isinstance(answer, PlatformError) else None


def deliver_help(
    outbox: Outbox, client: PlatformClient, item: PendingHelp, timeout: Timeout | None = None
) -> tuple[Outcome, HelpAnswer | PlatformError]:
    send = partial(client.post_help_call, item.body, timeout=timeout)
    return _send_keyed(send, outbox.help_outcomes, outbox.help_accepted, "call_id", item.call_id)


def deliver_evaluation(
    outbox: Outbox, client: PlatformClient, item: PendingEvaluation, timeout: Timeout | None = None
) -> tuple[Outcome, PlatformError | None]:
    send = partial(client.post_evaluation, item.body, timeout=timeout)
    key = item.evaluation_id
    return _send_keyed(
        send, outbox.evaluation_outcomes, outbox.evaluation_accepted, "evaluation_id", key
    )


def _send_keyed(
    send: Callable[[], T],
    outcomes: RowOutcomes,
    accepted: Callable[[str], None],
    name: str,
    key: str,
) -> tuple[Outcome, T | PlatformError]:
    """:func:`_send` of a row that keeps nothing of the answer: accepted by its key,
    logged by its key alone (``name``: what the key is called)."""
    return _send(
        send, accepted=lambda _answer: accepted(key), outcomes=outcomes, key=key, extra={name: key}
    )


def _send(
    send: Callable[[], T],
    *,
    accepted: Callable[[T], None],
    outcomes: RowOutcomes,
    key: str,
    extra: dict[str, str],
    keep_claimed: str | None = None,
) -> tuple[Outcome, T | PlatformError]:
    """One send of the claimed row ``key`` and its outcome recorded: accepted, failed
    for good (a permanent refusal, logged with ``extra``: no personal data) or queued again.
    A refusal with the code ``keep_claimed`` leaves the row claimed for the caller."""
    try:
        answer = send()
    except PlatformRejected as exc:
        if keep_claimed is not None and exc.code == keep_claimed:
            return Outcome.UNAVAILABLE, exc
        if exc.permanent:
            outcomes.failed(key, exc.detail)
            log.error(
                f"outbox: {outcomes.kind.noun} refused by the platform",
                extra={**extra, "error": exc.code},
            )
            return Outcome.REJECTED, exc
        outcomes.retry(key, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except PlatformError as exc:
        outcomes.retry(key, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except BaseException:
        # never leave a row in 'sending' behind a bug
        outcomes.retry(key, "client crashed")
        raise
    accepted(answer)
    return Outcome.DELIVERED, answer


__all__ = [
    "Outcome",
    "PlatformUnavailable",
    "deliver_case",
    "deliver_evaluation",
    "deliver_event",
    "deliver_help",
]
