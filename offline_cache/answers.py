"""The platform's answers, checked against the contract before anything believes them.

A ``200`` is not an acceptance until its body is the contract's answer (the same
pydantic models the platform serves, :mod:`platform_contract.schemas`): a broken
gateway or a faulty platform release answering ``{"case_code": null}`` must not
make the outbox purge a case the platform may never have stored. An answer that
does not validate is counted, logged without its content (field paths and error
kinds only: an answer may echo personal data) and turned into a
``PlatformUnavailable``, so the item stays queued with its payload and is retried
with backoff.
"""

from __future__ import annotations

import logging
import threading
from typing import NoReturn, TypeVar

from pydantic import BaseModel, ValidationError

from offline_cache.errors import UNEXPECTED_ANSWER, unavailable
from offline_cache.wire import Json

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class InvalidAnswers:
    """How many answers did not match the contract (for ``kiosk_platform_invalid_answers``)."""

    def __init__(self) -> None:
        self._n = 0
        self._lock = threading.Lock()

    def add(self) -> None:
        with self._lock:
            self._n += 1

    @property
    def count(self) -> int:
        with self._lock:
            return self._n


def checked(model: type[M], body: Json, what: str, counter: InvalidAnswers) -> M:
    """``body`` as ``model``, or PlatformUnavailable (counted and logged) if it is not one."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        wrong = [
            f"{'.'.join(str(p) for p in e['loc']) or '<root>'}:{e['type']}"
            for e in exc.errors(include_url=False, include_context=False, include_input=False)
        ]
        refuse(what, counter, wrong[:5])


def refuse(what: str, counter: InvalidAnswers, why: list[str]) -> NoReturn:
    """An answer that is well-formed but not the answer to this request, or not well-formed."""
    counter.add()
    log.warning(
        "platform answer does not match the contract; not taken",
        extra={"answer": what, "errors": why},
    )
    raise unavailable(f"{what} answer does not match the contract", UNEXPECTED_ANSWER)
