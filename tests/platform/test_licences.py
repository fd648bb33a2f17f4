"""Electronic licences (电子证照) on the simulator: the lookup, and the check a case's
licences must pass (held by the applicant, of that material, of this matter)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.platform.helpers import PEOPLE, PNG, b64, case_body, new_provisional, session

LI_HUKOU = {"material_code": "hukou", "licence_no": "HK-110101-1998-020417"}
LI_DISABILITY_NO = "CJ-110101-2019-017733"


def _hj001(person: int, licences: list[dict[str, str]] | None) -> dict[str, Any]:
    """居民身份证换领 (ID card, household register, photo) with the register as a licence."""
    p = PEOPLE[person]
    body = case_body(
        new_provisional(),
        person=person,
        matter="HJ001",
        pages=[
            {"material_code": "id_card", "mime": "image/png", "data": b64(PNG)},
            {"material_code": "photo", "mime": "image/png", "data": b64(PNG)},
        ],
        form_extra={"address": p["address"], "reason": "有效期满"},
    )
    if licences is not None:
        body["e_licences"] = licences
    return body


def _submit(api: str, body: dict[str, Any]) -> Any:
    return session().post(
        api + "/cases", json=body, headers={"Idempotency-Key": uuid.uuid4().hex}, timeout=10
    )


def test_a_person_s_licences(api: str) -> None:
    got = session().get(f"{api}/persons/{PEOPLE[1]['id_number']}/licences", timeout=5)
    assert got.status_code == 200
    licences = got.json()["licences"]
    assert {e["material_code"] for e in licences} == {"hukou", "disability_cert"}
    hukou = next(e for e in licences if e["material_code"] == "hukou")
    assert hukou["holder_id_number"] == PEOPLE[1]["id_number"]
    assert hukou["name"] == {"zh": "居民户口簿", "en": "Household register (hukou booklet)"}
    # someone the platform does not know simply has none (no "unknown person" leak)
    nobody = session().get(f"{api}/persons/110101199001011237/licences", timeout=5)
    assert nobody.status_code == 200 and nobody.json() == {"licences": []}
    assert session(None).get(f"{api}/persons/X/licences", timeout=5).status_code in (401, 422)


def test_a_licence_stands_in_for_the_paper(api: str) -> None:
    resp = _submit(api, _hj001(1, [LI_HUKOU]))
    assert resp.status_code == 201, resp.text
    case = resp.json()
    assert case["e_licences"] == [LI_HUKOU]
    assert case["page_count"] == 2
    stored = session().get(f"{api}/cases/{case['case_code']}", timeout=5).json()
    assert stored["e_licences"] == [LI_HUKOU]


def test_without_the_licence_or_the_paper_the_register_is_missing(api: str) -> None:
    resp = _submit(api, _hj001(1, None))
    assert resp.status_code == 422
    assert resp.json()["error"] == "missing_material"


@pytest.mark.parametrize(
    ("person", "licence"),
    [
        (0, LI_HUKOU),  # someone else's licence
        (1, {"material_code": "hukou", "licence_no": "HK-000000-0000-000000"}),  # made up
        (1, {"material_code": "hukou", "licence_no": LI_DISABILITY_NO}),  # not a register
        (1, {"material_code": "disability_cert", "licence_no": LI_DISABILITY_NO}),  # not asked
    ],
    ids=["borrowed", "made-up", "other-material", "not-of-this-matter"],
)
def test_a_licence_that_does_not_check_out_is_refused(
    api: str, person: int, licence: dict[str, str]
) -> None:
    body = _hj001(person, [licence])
    if licence["material_code"] != "hukou":  # the register itself on paper then
        body["pages"].append({"material_code": "hukou", "mime": "image/png", "data": b64(PNG)})
    resp = _submit(api, body)
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"] == "licence_not_verified"
