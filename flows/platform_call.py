"""Platform calls as Operations, keeping the platform's own words when it says no.

``Operation.blocking`` turns every exception into HARDWARE_ERROR and drops its
message; a flow needs to tell "wrong pickup code" (the platform answered) from
"platform down" (try later), so this maps the two port exceptions to
completion codes and keeps their bilingual message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from device_contracts import Completion, CompletionCode, Operation
from flows.ports import PlatformError, PlatformUnavailable

T = TypeVar("T")

#: the platform answered and refused (wrong code, unknown case)
REFUSED = CompletionCode.INVALID_DATA
#: the platform did not answer; the call may be retried later
UNAVAILABLE = CompletionCode.DEVICE_NOT_READY


def call_platform(name: str, fn: Callable[[], T], timeout: float) -> Operation[T]:
    """Run a blocking platform call off the caller's thread, like ``Operation.blocking``."""

    def work(_op: Operation[T]) -> Completion[T]:
        try:
            return Completion.success(fn())
        except PlatformUnavailable as exc:
            return Completion.failure(UNAVAILABLE, exc.message, detail="platform_unavailable")
        except PlatformError as exc:
            return Completion.failure(REFUSED, exc.message, detail="platform_refused")

    return Operation.spawn(name, work, timeout)


def refused(completion: Completion[Any]) -> bool:
    """True when the platform answered with a refusal rather than failing to answer."""
    return completion.code is REFUSED
