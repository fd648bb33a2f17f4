"""How a case's or a pickup's identity was checked (face, or staff in person and who):
the simulator's schema, storage, idempotency, the back office's event list and a
database made before the field existed. The kiosk's side (outbox, client, wire) is in
tests/offline_cache/test_identity_check.py."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from platform_sim.db import Database
from tests.platform.helpers import backoffice, case_body, new_provisional, session
from tests.platform.legacy_store import FIRST_RELEASE_SCHEMA

STAFF = {"method": "staff_in_person", "staff_id": "C0107"}


def _submit(api: str, body: dict[str, Any], key: str | None = None) -> Any:
    return session().post(
        api + "/cases",
        json=body,
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
        timeout=10,
    )


def _event(api: str, code: str, kind: str, **extra: Any) -> Any:
    return session().post(
        f"{api}/cases/{code}/events",
        json={
            "event_id": uuid.uuid4().hex,
            "kind": kind,
            "at": "2026-11-23T21:40:00+08:00",
            **extra,
        },
        timeout=5,
    )


def test_a_case_keeps_who_confirmed_the_identity(api: str) -> None:
    resp = _submit(api, {**case_body(new_provisional()), "identity_check": STAFF})
    assert resp.status_code == 201, resp.text
    code = resp.json()["case_code"]
    assert resp.json()["identity_check"] == STAFF
    got = session().get(f"{api}/cases/{code}", timeout=5).json()
    assert got["identity_check"] == STAFF


def test_a_face_checked_case_names_no_staff(api: str) -> None:
    resp = _submit(api, {**case_body(new_provisional()), "identity_check": {"method": "face"}})
    assert resp.status_code == 201
    assert resp.json()["identity_check"] == {"method": "face", "staff_id": None}


@pytest.mark.parametrize(
    "check",
    [
        {"method": "staff_in_person"},  # in person, but nobody vouched for it
        {"method": "face", "staff_id": "C0107"},
        {"method": "by_hand", "staff_id": "C0107"},
        {"method": "staff_in_person", "staff_id": "C 0107; drop"},
    ],
)
def test_an_identity_check_that_makes_no_sense_is_refused(api: str, check: dict[str, Any]) -> None:
    resp = _submit(api, {**case_body(new_provisional()), "identity_check": check})
    assert resp.status_code == 422, resp.text


def test_a_case_without_the_field_keeps_its_idempotency(api: str) -> None:
    """A terminal (or a queued case) from before the field: absent and null are the
    same body, so a resend is still the same case, not a conflict."""
    body = case_body(new_provisional())
    key = uuid.uuid4().hex
    first = _submit(api, body, key)
    again = _submit(api, {**body, "identity_check": None}, key)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["case_code"] == again.json()["case_code"]
    assert again.json()["identity_check"] is None
    # another identity check under the same key is another body
    assert _submit(api, {**body, "identity_check": STAFF}, key).status_code == 409


def test_the_back_office_sees_how_a_pickup_was_checked(api: str) -> None:
    code = _submit(api, case_body(new_provisional())).json()["case_code"]
    assert _event(api, code, "materials_deposited", compartment_id="D01").status_code == 200
    approved = backoffice().post(
        f"{api}/backoffice/cases/{code}/approve", json={"load_compartment": "B01"}, timeout=5
    )
    assert approved.status_code == 200
    collected = _event(api, code, "certificate_collected", identity_check=STAFF)
    assert collected.status_code == 200, collected.text
    events = backoffice().get(f"{api}/backoffice/cases/{code}/events", timeout=5).json()["events"]
    assert [e["kind"] for e in events] == ["materials_deposited", "certificate_collected"]
    assert events[0]["identity_check"] is None
    assert events[1]["identity_check"] == STAFF
    assert events[1]["status_after"] == "collected"
    # terminals do not read the history; unknown cases are 404
    assert session().get(f"{api}/backoffice/cases/{code}/events", timeout=5).status_code in (
        401,
        403,
    )
    missing = backoffice().get(f"{api}/backoffice/cases/CASE-20000101-000000/events", timeout=5)
    assert missing.status_code == 404


def test_a_database_from_before_the_field_gets_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript(FIRST_RELEASE_SCHEMA)
        conn.execute("INSERT INTO meta (key, value) VALUES ('kept', 'yes')")
        conn.execute(
            "INSERT INTO cases (code, provisional_code, idempotency_key, request_sha256,"
            " terminal_id, matter_code, applicant, form, status, page_count, created_at,"
            " updated_at) VALUES ('C1', 'P1', 'K1', '', 'T', 'm', '{}', '{}', 's', 0, '', '')"
        )
        for event_id in ("second-by-name", "first-by-name"):  # received in this order
            conn.execute(
                "INSERT INTO case_events (event_id, case_code, request_sha256, kind,"
                " compartment_id, actor, at, terminal_id, status_after, received_at)"
                " VALUES (?, 'C1', '', 'k', '', '', '', 'T', 's', 'the same instant')",
                (event_id,),
            )
    db = Database(path)
    try:
        with db.tx() as conn:
            for table in ("cases", "case_events"):
                columns = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
                assert "identity_check" in columns, table
            columns = {row["name"] for row in conn.execute("PRAGMA table_info(cases)")}
            assert "e_licences" in columns
            kept = conn.execute("SELECT value FROM meta WHERE key = 'kept'").fetchone()
            assert kept is not None and kept["value"] == "yes"
            # the tables of later features are there too, and the file is at the head revision
            assert conn.execute("SELECT COUNT(*) FROM video_calls").fetchone()[0] == 0
            assert conn.execute("SELECT version_num FROM alembic_version").fetchall()
            # the events keep the order they arrived in (their rowid became their seq)
            events = conn.execute("SELECT event_id FROM case_events ORDER BY received_at, seq")
            assert [row[0] for row in events] == ["second-by-name", "first-by-name"]
    finally:
        db.close()
    Database(path).close()  # opening again adds nothing twice
