"""Pickup codes cannot be guessed at speed (issue 13 item 9).

Before: ``POST /pickup/verify`` answered as fast as asked (22 guesses a second from
one terminal, no limit), so six digits fell to a script. Now a terminal with 10
refused codes in 10 minutes, and any code value checked 5 times in 10 minutes
(from any terminal), get 429 ``too_many_attempts`` with ``Retry-After``; even the
right code waits. The kiosk shows the platform's plain words and keeps the
resident's tries. Time passes with the simulator's clock.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from flows.collection import CollectionState
from platform_sim import clock
from platform_sim.pickup_limits import (
    CHECKS_PER_CODE,
    REFUSALS_PER_TERMINAL,
    WINDOW,
)
from platform_sim.seed import SECOND_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.platform.helpers import backoffice, case_body, new_provisional, session
from tests.platform.test_pickup import _pickup_code
from tests.reliability.journey import Kiosk


@pytest.fixture(autouse=True)
def _real_time() -> Iterator[None]:
    yield
    clock.reset()


def _loaded(api: str) -> str:
    """A case of the demo terminal whose certificate waits there; its pickup code."""
    made = session().post(
        api + "/cases",
        json=case_body(new_provisional()),
        headers={"Idempotency-Key": uuid.uuid4().hex},
        timeout=10,
    )
    code = made.json()["case_code"]
    approved = backoffice().post(
        f"{api}/backoffice/cases/{code}/approve", json={"load_compartment": "P01"}, timeout=5
    )
    assert approved.json()["status"] == "certificate_ready"
    return _pickup_code(api, code)


def _verify(s: requests.Session, api: str, code: str) -> requests.Response:
    return s.post(api + "/pickup/verify", json={"code": code}, timeout=5)


def _wrong(right: str, n: int) -> list[str]:
    return [c for c in (f"{i:06d}" for i in range(n + 1)) if c != right][:n]


def _lock_out(api: str, right: str) -> None:
    for guess in _wrong(right, REFUSALS_PER_TERMINAL):
        assert _verify(session(), api, guess).status_code == 404


def test_a_guessing_terminal_is_locked_out_then_let_go(platform_sim: RunningServer) -> None:
    api = platform_sim.url + "/api/v1"
    right = _loaded(api)
    _lock_out(api, right)

    locked = _verify(session(), api, right)
    assert locked.status_code == 429, locked.text
    assert locked.json()["error"] == "too_many_attempts"
    wait = int(locked.headers["Retry-After"])
    assert 0 < wait <= WINDOW.total_seconds()
    print("locked out:", wait, "s;", locked.json()["message"]["en"])
    assert "minute" in locked.json()["message"]["en"]
    # only that terminal: another one's guesses are still answered
    assert _verify(session(SECOND_TERMINAL_TOKEN), api, "999999").status_code in (404, 409)

    clock.advance(timedelta(seconds=wait - 1))
    assert _verify(session(), api, right).status_code == 429
    clock.advance(timedelta(seconds=1))
    ticket = _verify(session(), api, right)
    assert ticket.status_code == 200, ticket.text


def test_one_code_is_checked_only_so_often(platform_sim: RunningServer) -> None:
    api = platform_sim.url + "/api/v1"
    right = _loaded(api)
    for _ in range(CHECKS_PER_CODE):
        assert _verify(session(), api, right).status_code == 200
    again = _verify(session(), api, right)
    assert again.status_code == 429 and int(again.headers["Retry-After"]) > 0
    # from any terminal: the limit is the code's, not the asker's
    assert _verify(session(SECOND_TERMINAL_TOKEN), api, right).status_code == 429
    clock.advance(WINDOW)
    assert _verify(session(), api, right).status_code == 200


def test_the_kiosk_says_so_and_keeps_the_residents_tries(
    platform_sim: RunningServer, tmp_path: Path
) -> None:
    api = platform_sim.url + "/api/v1"
    right = _loaded(api)
    _lock_out(api, right)
    k = Kiosk(platform_sim.url, tmp_path / "data")
    try:
        flow = k.collection
        flow.start()
        tries = flow.session.attempts_left
        flow.enter_code(right)
        k.settle(
            "the code answered",
            lambda: flow.state is CollectionState.ENTERING_CODE and not flow.session.busy,
        )
        message = flow.session.message
        assert message is not None
        print("kiosk shows:", message.zh, "/", message.en)
        assert "minute" in message.en and "分钟" in message.zh
        assert "tries left" not in message.en  # not a wrong code: no try is used up
        assert flow.session.attempts_left == tries
        assert flow.session.ticket is None
    finally:
        k.close()
