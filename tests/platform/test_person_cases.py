"""A person's cases found by the ID number inside the stored applicant (progress by ID
card, pickup by ID card) on both stores: SQLite's CAST(... AS JSON) is a number, so the
JSON field is read in each engine's own SQL (Tx.json_text)."""

from __future__ import annotations

import uuid

from tests.platform.helpers import PEOPLE, case_body, new_provisional, session


def test_a_persons_cases_are_found_by_the_id_number_in_the_applicant(api: str) -> None:
    body = case_body(new_provisional(), person=2)
    resp = session().post(
        api + "/cases", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10
    )
    assert resp.status_code == 201, resp.text
    code = resp.json()["case_code"]

    listed = session().get(f"{api}/persons/{PEOPLE[2]['id_number']}/cases", timeout=5)
    assert listed.status_code == 200, listed.text
    assert code in [c["case_code"] for c in listed.json()["cases"]]
    # someone else's number finds none of it
    other = session().get(f"{api}/persons/{PEOPLE[1]['id_number']}/cases", timeout=5).json()
    assert code not in [c["case_code"] for c in other["cases"]]
