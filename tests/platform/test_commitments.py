"""告知承诺制 at the platform (issue 21.6): a terminal registers its signing key with its
token; a case carrying a commitment signed by that key over the matter's current form
and this case is accepted without the materials the form replaces; a signature moved
onto another form or case, strokes changed after signing, or an unknown key are refused
with one clear error. Signed here as a terminal would, with a key of the test's own."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from platform_contract.commitment import commitment_fields, form_fields, form_sha256
from platform_contract.schemas import Bilingual
from platform_contract.seal import canonical_bytes, key_id_of
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.fakes.signatures import WRITTEN_NAME
from tests.platform.helpers import PNG, b64, case_body, new_provisional, session

MATTER = "JY004"  # 学生资助申请: household_income replaces income_proof
OTHER = "SC001"  # 个体工商户设立登记: business_premises replaces lease
STROKES = [[list(p) for p in stroke] for stroke in WRITTEN_NAME]
#: a tap on the pad: two points, not a signature whoever signs it
DOT = [[[5000, 5000, 0], [5003, 5001, 16]]]
EXTRA = {"child_name": "张小明", "school": "北京市第一中学"}


def _pages(*codes: str) -> list[dict[str, Any]]:
    return [{"material_code": c, "mime": "image/png", "data": b64(PNG)} for c in codes]


def register_key(api: str) -> Ed25519PrivateKey:
    """A new key of the demo terminal's, registered with its token."""
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    resp = session().post(api + "/signing-keys", json={"public_key": b64(raw)}, timeout=5)
    assert resp.status_code == 200, resp.text
    assert resp.json()["key_id"] == key_id_of(raw)
    return key


@pytest.fixture(scope="module")
def terminal_key(api: str) -> Ed25519PrivateKey:
    return register_key(api)


def commitment_form(api: str, matter: str) -> dict[str, Any]:
    matters = {m["code"]: m for m in session().get(api + "/catalog", timeout=5).json()["matters"]}
    form: dict[str, Any] = matters[matter]["commitment"]
    return form


def signed_commitment(
    key: Ed25519PrivateKey,
    form: dict[str, Any],
    case_key: str,
    strokes: list[list[list[int]]] = STROKES,
) -> dict[str, Any]:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    at = datetime.now().astimezone()
    fields = commitment_fields(
        form_id=form["form_id"],
        version=form["version"],
        form_sha256=form["sha256"],
        case_key=case_key,
        terminal_id=DEMO_TERMINAL_ID,
        signed_at=at,
        strokes=[[(x, y, t) for x, y, t in s] for s in strokes],
    )
    return {
        "form_id": form["form_id"],
        "version": form["version"],
        "form_sha256": form["sha256"],
        "case_key": case_key,
        "terminal_id": DEMO_TERMINAL_ID,
        "signed_at": at.isoformat(),
        "strokes": strokes,
        "key_id": key_id_of(raw),
        "signature": b64(key.sign(canonical_bytes(fields))),
    }


def submit(api: str, key: str, commitment: dict[str, Any] | None, matter: str = MATTER) -> Any:
    body = case_body(
        new_provisional(), matter=matter, pages=_pages("id_card", "hukou"), form_extra=EXTRA
    )
    if commitment is not None:
        body["commitment"] = commitment
    # written by Python's JSON, which writes a float's NaN as NaN (requests would refuse it)
    return session().post(
        api + "/cases",
        data=json.dumps(body).encode(),
        headers={"Idempotency-Key": key, "Content-Type": "application/json"},
        timeout=10,
    )


def test_the_catalogue_states_each_forms_hash_over_what_it_says(api: str) -> None:
    form = commitment_form(api, MATTER)
    assert form["replaces"] == ["income_proof"]
    b = Bilingual.model_validate
    fields = form_fields(
        form["form_id"],
        form["version"],
        b(form["title"]),
        b(form["text"]),
        [b(c) for c in form["consequences"]],
        form["replaces"],
    )
    assert form["sha256"] == form_sha256(fields)
    assert commitment_form(api, "HJ001") is None  # an ordinary matter offers none


def test_a_signed_commitment_stands_in_for_the_materials_it_replaces(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    key = uuid.uuid4().hex
    resp = submit(api, key, signed_commitment(terminal_key, commitment_form(api, MATTER), key))
    assert resp.status_code == 201, resp.text
    # the same case resent is the same case
    again = submit(api, key, None)
    assert again.status_code == 409  # another body under the key


def test_without_a_commitment_the_material_is_still_asked_for(api: str) -> None:
    resp = submit(api, uuid.uuid4().hex, None)
    assert resp.status_code == 422
    assert resp.json()["error"] == "missing_material"


def _refusal(resp: Any) -> str:
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["message"]["zh"] == "承诺书签名校验未通过，请联系工作人员"
    return str(body["error"])


def test_a_signature_moved_onto_another_form_is_refused(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    key = uuid.uuid4().hex
    other = signed_commitment(
        terminal_key, commitment_form(api, OTHER), key
    )  # a valid signature, another form
    assert _refusal(submit(api, key, other)) == "commitment_not_verified"
    # the same signature with this matter's form named over it no longer verifies
    mine = commitment_form(api, MATTER)
    moved = {**other, "form_id": mine["form_id"], "form_sha256": mine["sha256"]}
    assert _refusal(submit(api, key, moved)) == "commitment_not_verified"


def test_strokes_changed_after_signing_are_refused(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    key = uuid.uuid4().hex
    signed = signed_commitment(terminal_key, commitment_form(api, MATTER), key)
    signed["strokes"] = signed["strokes"][:2]  # the last stroke taken away
    assert _refusal(submit(api, key, signed)) == "commitment_not_verified"


def test_a_commitment_signed_for_another_case_is_refused(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    signed = signed_commitment(terminal_key, commitment_form(api, MATTER), uuid.uuid4().hex)
    assert _refusal(submit(api, uuid.uuid4().hex, signed)) == "commitment_not_verified"


def test_a_key_the_terminal_never_registered_is_refused(api: str) -> None:
    key = uuid.uuid4().hex
    signed = signed_commitment(Ed25519PrivateKey.generate(), commitment_form(api, MATTER), key)
    assert _refusal(submit(api, key, signed)) == "commitment_not_verified"


def test_a_signing_key_must_be_an_ed25519_key(api: str) -> None:
    resp = session().post(
        api + "/signing-keys", json={"public_key": base64.b64encode(b"short").decode()}, timeout=5
    )
    assert resp.status_code == 422
    assert session(None).post(api + "/signing-keys", json={}, timeout=5).status_code == 401


def test_a_dot_signed_by_a_registered_key_is_not_a_signature(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    # a kiosk with a bug, or a stolen key: the signature verifies, the strokes are a tap
    key = uuid.uuid4().hex
    resp = submit(api, key, signed_commitment(terminal_key, commitment_form(api, MATTER), key, DOT))
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"] == "not_a_signature"
    line = [[[1000, 1000 + i, i // 10] for i in range(0, 8000, 100)]]  # one straight stroke
    resp = submit(
        api, key, signed_commitment(terminal_key, commitment_form(api, MATTER), key, line)
    )
    assert resp.json()["error"] == "not_a_signature"


def _malformed(api: str, terminal_key: Ed25519PrivateKey, strokes: Any) -> Any:
    """The case with a commitment whose strokes are ``strokes`` (signed over the written
    name: the body must be refused as malformed before any signature is looked at)."""
    key = uuid.uuid4().hex
    signed = {
        **signed_commitment(terminal_key, commitment_form(api, MATTER), key),
        "strokes": strokes,
    }
    resp = submit(api, key, signed)
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["error"] == "invalid_request", body
    assert "strokes" in body["message"]["en"]
    return body


def test_a_hundred_thousand_points_are_refused_as_malformed(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    points = [[i % 9000 + 500, i % 7000 + 500, i] for i in range(100_000)]
    _malformed(api, terminal_key, [points])  # in one stroke
    _malformed(api, terminal_key, [points[i : i + 2_000] for i in range(0, 100_000, 2_000)][:60])
    _malformed(api, terminal_key, STROKES * 30)  # 90 strokes


def test_points_outside_the_box_or_not_numbers_are_refused(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    for bad in (
        [10_001, 5000, 100],  # right of the box
        [5000, -1, 100],  # above it
        [float("nan"), 5000, 100],  # NaN (Python's JSON writes and reads it)
        [float("inf"), 5000, 100],
        [5000.5, 5000, 100],  # not an integer of the box
        [5000, 5000, 4_000_000],  # more than an hour after the first touch
        ["5000", 5000, 100],
        [5000, 5000],  # not a point
    ):
        strokes = [[*STROKES[0][:3], bad, *STROKES[0][3:]], *STROKES[1:]]
        _malformed(api, terminal_key, strokes)


def test_times_going_back_are_refused(api: str, terminal_key: Ed25519PrivateKey) -> None:
    backwards = [[*STROKES[0][:5], [5000, 5000, 0], *STROKES[0][5:]], *STROKES[1:]]
    body = _malformed(api, terminal_key, backwards)
    assert "time_backwards" not in body["message"]["en"]  # where and what kind, not why
