"""好差评 on the platform (issue 21 item 4): a rating is validated by its wire model,
kept once however often it is resent, bound to a case the terminal may see (the
matter taken from the case), and counted in the back office's report and page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from platform_sim.seed import DEMO_TERMINAL_ID, SECOND_TERMINAL_TOKEN
from tests.platform.helpers import backoffice, case_body, new_provisional, session


def _rating(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "evaluation_id": uuid.uuid4().hex,
        "journey": "lookup",
        "level": "satisfied",
        "rated_at": datetime.now(UTC).isoformat(),
    }
    return {**body, **over}


def _new_case(api: str, matter: str = "SW001") -> tuple[str, str]:
    """A case of the demo terminal: (case code, provisional code)."""
    provisional = new_provisional()
    r = session().post(
        f"{api}/cases",
        json=case_body(provisional, matter=matter),
        headers={"Idempotency-Key": uuid.uuid4().hex},
    )
    r.raise_for_status()
    return str(r.json()["case_code"]), provisional


def _report(api: str) -> dict[str, Any]:
    r = backoffice().get(f"{api}/backoffice/evaluations/report")
    r.raise_for_status()
    report: dict[str, Any] = r.json()
    return report


def test_a_rating_of_a_case_is_kept_with_the_cases_matter(api: str) -> None:
    code, provisional = _new_case(api)
    body = _rating(
        journey="declaration",
        case_code=provisional,  # made offline: the platform knows it by that code too
        level="very_dissatisfied",
        reasons=["long_wait", "device_fault"],
    )
    r = session().post(f"{api}/evaluations", json=body)
    assert r.status_code == 201, r.text
    out = r.json()
    assert (out["case_code"], out["matter_code"]) == (code, "SW001")
    assert (out["terminal_id"], out["reasons"]) == (DEMO_TERMINAL_ID, ["long_wait", "device_fault"])


def test_a_resend_is_kept_once_and_another_body_under_its_id_is_refused(api: str) -> None:
    before = _report(api)["total"]
    body = _rating()
    assert session().post(f"{api}/evaluations", json=body).status_code == 201
    again = session().post(f"{api}/evaluations", json=body)
    assert again.status_code == 200
    assert again.json()["evaluation_id"] == body["evaluation_id"]
    other = session().post(f"{api}/evaluations", json={**body, "level": "very_satisfied"})
    assert (other.status_code, other.json()["error"]) == (409, "evaluation_taken")
    assert _report(api)["total"] == before + 1


def test_what_the_wire_model_refuses(api: str) -> None:
    bad = [
        _rating(level="great"),
        _rating(level="satisfied", reasons=["long_wait"]),  # reasons are for the low levels
        _rating(level="dissatisfied", reasons=["long_wait", "long_wait"]),
        _rating(level="dissatisfied", reasons=["rude"]),
        _rating(journey="staff_login"),  # staff journeys are not rated
        _rating(rated_at="2026-01-01T10:00:00"),  # no time zone
        _rating(evaluation_id="<b>x</b>"),
    ]
    for body in bad:
        r = session().post(f"{api}/evaluations", json=body)
        assert r.status_code == 422, body


def test_another_sites_case_cannot_be_rated(api: str) -> None:
    code, _ = _new_case(api)
    other = session(SECOND_TERMINAL_TOKEN)
    r = other.post(f"{api}/evaluations", json=_rating(case_code=code))
    assert (r.status_code, r.json()["error"]) == (404, "unknown_case")
    assert session(None).post(f"{api}/evaluations", json=_rating()).status_code == 401


def test_the_report_counts_per_level_reason_matter_terminal_and_day(api: str) -> None:
    before = _report(api)
    code, _ = _new_case(api, matter="SW001")
    for level, reasons in (("very_satisfied", []), ("dissatisfied", ["complicated"])):
        body = _rating(journey="collection", case_code=code, level=level, reasons=reasons)
        session().post(f"{api}/evaluations", json=body).raise_for_status()
    after = _report(api)
    assert after["total"] == before["total"] + 2
    assert after["levels"]["very_satisfied"] == before["levels"]["very_satisfied"] + 1
    assert after["reasons"]["complicated"] == before["reasons"]["complicated"] + 1
    assert list(after["levels"]) == [
        "very_satisfied",
        "satisfied",
        "basically_satisfied",
        "dissatisfied",
        "very_dissatisfied",
    ]
    matters = {row["key"]: row for row in after["by_matter"]}
    assert matters["SW001"]["levels"]["dissatisfied"] >= 1
    terminals = {row["key"]: row["total"] for row in after["by_terminal"]}
    assert terminals[DEMO_TERMINAL_ID] == after["total"]
    assert sum(row["total"] for row in after["by_day"]) == after["total"]
    # a day after today: nothing yet
    assert (
        backoffice()
        .get(f"{api}/backoffice/evaluations/report", params={"since": "2999-01-01"})
        .json()["total"]
        == 0
    )
    # the clerks' report is the back office's
    assert session().get(f"{api}/backoffice/evaluations/report").status_code == 403


def test_the_report_page_holds_no_data_and_inserts_values_as_text(server_url: str) -> None:
    r = session(None).get(f"{server_url}/evaluation-report")
    assert r.status_code == 200
    assert "好差评" in r.text and "/api/v1/backoffice/evaluations/report" in r.text
    assert "innerHTML" not in r.text and "textContent" in r.text
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]
