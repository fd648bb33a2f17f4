"""Sending one claimed outbox item and recording the outcome: shared by the
synchronous first attempt (KioskPlatform) and the Forwarder's retries."""

from __future__ import annotations

import enum
import logging

from flows.help import HelpAnswer
from flows.ports import PlatformError, PlatformUnavailable
from offline_cache.client import CaseAccepted, PlatformClient, Timeout
from offline_cache.errors import PlatformRejected
from offline_cache.outbox import Outbox, PendingCase, PendingEvent, PendingHelp

log = logging.getLogger(__name__)


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
    outbox.case_retry(item.idempotency_key, f"409 {CODE_TAKEN}")
    return Outcome.UNAVAILABLE, answer


def _send_case(
    outbox: Outbox, client: PlatformClient, item: PendingCase, timeout: Timeout | None
) -> tuple[Outcome, CaseAccepted | PlatformError]:
    """One send; the row is left claimed (``sending``) only for a taken code."""
    try:
        accepted = client.submit_case(item.body, item.idempotency_key, timeout=timeout)
    except PlatformRejected as exc:
        if exc.code == CODE_TAKEN:
            return Outcome.UNAVAILABLE, exc
        if exc.permanent:
            outbox.case_failed(item.idempotency_key, exc.detail)
            log.error(
                "outbox: case refused by the platform",
                extra={"provisional_code": item.provisional_code, "error": exc.code},
            )
            return Outcome.REJECTED, exc
        outbox.case_retry(item.idempotency_key, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except PlatformError as exc:
        outbox.case_retry(item.idempotency_key, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except BaseException:
        # never leave a row in 'sending' behind a bug
        outbox.case_retry(item.idempotency_key, "client crashed")
        raise
    outbox.case_accepted(item.idempotency_key, accepted.case_code)
    return Outcome.DELIVERED, accepted


def deliver_event(
    outbox: Outbox, client: PlatformClient, item: PendingEvent, timeout: Timeout | None = None
) -> tuple[Outcome, PlatformError | None]:
    try:
        client.post_event(item.case_code, item.body, timeout=timeout)
    except PlatformRejected as exc:
        if exc.permanent:
            outbox.event_failed(item.event_id, exc.detail)
            log.error(
                "outbox: event refused by the platform",
                extra={"event_id": item.event_id, "case_code": item.case_code, "error": exc.code},
            )
            return Outcome.REJECTED, exc
        outbox.event_retry(item.event_id, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except PlatformError as exc:
        outbox.event_retry(item.event_id, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except BaseException:
        outbox.event_retry(item.event_id, "client crashed")
        raise
    outbox.event_accepted(item.event_id)
    return Outcome.DELIVERED, None


def deliver_help(
    outbox: Outbox, client: PlatformClient, item: PendingHelp, timeout: Timeout | None = None
) -> tuple[Outcome, HelpAnswer | PlatformError]:
    try:
        answer = client.post_help_call(item.body, timeout=timeout)
    except PlatformRejected as exc:
        if exc.permanent:
            outbox.help_failed(item.call_id, exc.detail)
            log.error(
                "outbox: help call refused by the platform",
                extra={"call_id": item.call_id, "error": exc.code},
            )
            return Outcome.REJECTED, exc
        outbox.help_retry(item.call_id, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except PlatformError as exc:
        outbox.help_retry(item.call_id, exc.detail)
        return Outcome.UNAVAILABLE, exc
    except BaseException:
        outbox.help_retry(item.call_id, "client crashed")
        raise
    outbox.help_accepted(item.call_id)
    return Outcome.DELIVERED, answer


__all__ = ["Outcome", "PlatformUnavailable", "deliver_case", "deliver_event", "deliver_help"]
