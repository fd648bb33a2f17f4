"""Issue 17.1: a 200 whose body is not the contract's answer is not an acceptance.
Through a real proxy on loopback that forwards to the running simulator and
rewrites its answers: each wrong answer leaves the case (or event) queued with its
payload, is counted, and the item is forwarded once the answers are right."""

from __future__ import annotations

import json
import logging
import sqlite3
import uuid
from pathlib import Path

import pytest

from flows.domain import CaseEvent, CaseEventKind
from kiosk.metrics import KioskMetrics
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import DB_FILE, Outbox, OutboxCase
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.offline_cache.wire_proxy import Rewrite, wire_proxy
from tests.platform.helpers import draft
from tests.reliability.helpers import platform_holds

CASES = r"/api/v1/cases"
EVENTS = r"/api/v1/cases/[^/]+/events"

WRONG_CASE_ANSWERS = {
    "case_code null": (200, b'{"case_code": null}'),
    "empty object, 201": (201, b"{}"),
    "a list": (200, b"[]"),
    "a gateway's HTML": (200, b"<html><body>OK</body></html>"),
    "another case's answer": (200, b"SWAP"),  # filled in below: a valid CaseOut, not ours
}
WRONG_EVENT_ANSWERS = {
    "empty object": (200, b"{}"),
    "event_id null": (200, b'{"event_id": null, "status": "materials_deposited"}'),
}


def _row(db: Path, table: str, key_column: str, key: str) -> tuple[str, bool]:
    conn = sqlite3.connect(db)
    try:
        state, payload = conn.execute(
            f"SELECT state, payload FROM {table} WHERE {key_column} = ?", (key,)
        ).fetchone()
    finally:
        conn.close()
    return state, payload is not None


def _case_and_event(data: Path) -> tuple[Outbox, OutboxCase, str]:
    """An outbox in ``data`` holding a case and its materials-deposited event (its id)."""
    box = Outbox.open(data, DEMO_TERMINAL_ID)
    case = box.add_case(draft())
    event_id = uuid.uuid4().hex
    box.add_event(
        CaseEvent(
            CaseEventKind.MATERIALS_DEPOSITED,
            case.idempotency_key,
            compartment_id="D01",
            event_id=event_id,
        )
    )
    return box, case, event_id


@pytest.mark.parametrize("wrong", list(WRONG_CASE_ANSWERS), ids=list(WRONG_CASE_ANSWERS))
def test_a_wrong_answer_keeps_the_case_queued_until_a_right_one(
    wrong: str, platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    status, body = WRONG_CASE_ANSWERS[wrong]
    if body == b"SWAP":  # a well-formed case answer, for a case of another declaration
        other = Outbox.open(tmp_path / "other", DEMO_TERMINAL_ID)
        other.add_case(draft(person=2))
        item = other.claim_next_case()
        assert item is not None
        answer = make_client(platform_server.url)._once.post(
            platform_server.url + "/api/v1/cases",
            json=item.body,
            headers={"Idempotency-Key": item.idempotency_key},
            timeout=10,
        )
        other.close()
        body = answer.content
    data = tmp_path / "kiosk"
    box, case, event_id = _case_and_event(data)
    with wire_proxy(platform_server.url) as proxy:
        client = make_client(proxy.url)
        forwarder = Forwarder(box, client)
        try:
            proxy.rules = [Rewrite("POST", CASES, status, body)]
            result = forwarder.drain()
            print(wrong, "->", proxy.seen, result)
            assert result.unavailable and result.delivered == 0
            assert _row(data / DB_FILE, "cases", "idempotency_key", case.idempotency_key) == (
                "queued",
                True,
            )
            assert client.invalid_answers.count == 1
            metrics = KioskMetrics()
            metrics.bind_invalid_answers(lambda: client.invalid_answers.count)
            exposition = metrics.exposition().decode()
            assert "kiosk_platform_invalid_answers_total 1.0" in exposition

            proxy.rules = []  # the gateway is fixed
            result = forwarder.drain()
            print("then ->", proxy.seen[-2:], result)
            assert result.delivered == 2 and not result.unavailable
            stored = box.lookup_case(case.idempotency_key)
            assert stored is not None and stored.case_code and stored.case_code.startswith("CASE-")
        finally:
            client.close()
            box.close()
    assert case.idempotency_key in platform_holds(platform_server.db_path).case_keys
    assert event_id in platform_holds(platform_server.db_path).event_ids


@pytest.mark.parametrize("wrong", list(WRONG_EVENT_ANSWERS), ids=list(WRONG_EVENT_ANSWERS))
def test_a_wrong_answer_keeps_the_event_queued_until_a_right_one(
    wrong: str, platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    status, body = WRONG_EVENT_ANSWERS[wrong]
    data = tmp_path / "kiosk"
    box, _case, event_id = _case_and_event(data)
    with wire_proxy(platform_server.url) as proxy:
        client = make_client(proxy.url)
        forwarder = Forwarder(box, client)
        try:
            proxy.rules = [Rewrite("POST", EVENTS, status, body)]
            result = forwarder.drain()
            print(wrong, "->", proxy.seen, result)
            assert result.unavailable and result.delivered == 1  # the case went
            assert _row(data / DB_FILE, "events", "event_id", event_id) == ("queued", True)
            assert client.invalid_answers.count == 1

            proxy.rules = []
            result = forwarder.drain()
            assert result.delivered == 1 and not result.unavailable
            assert _row(data / DB_FILE, "events", "event_id", event_id) == ("accepted", False)
        finally:
            client.close()
            box.close()
    held = platform_holds(platform_server.db_path)
    assert held.event_ids.count(event_id) == 1


def test_the_log_of_a_wrong_answer_names_no_personal_data(
    platform_server: SwitchablePlatform, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The answer may echo the applicant; only field paths and error kinds are logged."""
    # another test's in-process `kiosk` command may have left the root logger at ERROR
    caplog.set_level(logging.WARNING, logger="offline_cache.answers")
    platform_server.start()
    d = draft()
    echo = json.dumps({"case_code": None, "applicant": d.applicant.id_number}).encode()
    box = Outbox.open(tmp_path / "kiosk", DEMO_TERMINAL_ID)
    box.add_case(d)
    with wire_proxy(platform_server.url) as proxy:
        proxy.rules = [Rewrite("POST", CASES, 200, echo)]
        client = make_client(proxy.url)
        try:
            Forwarder(box, client).drain()
        finally:
            client.close()
            box.close()
    logged = [r for r in caplog.records if "does not match the contract" in r.getMessage()]
    assert logged
    text = " ".join(str(r.__dict__) for r in caplog.records)
    assert d.applicant.id_number not in text
