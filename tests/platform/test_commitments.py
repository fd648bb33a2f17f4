"""告知承诺制 at the platform (issue 21.6): a terminal registers its signing key with its
token; a case carrying a commitment signed by that key over the matter's current form
and this case is accepted without the materials the form replaces; a signature moved
onto another form or case, strokes changed after signing, or an unknown key are refused
with one clear error. Signed here as a terminal would, with a key of the test's own."""

from __future__ import annotations

import base64
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
from tests.platform.helpers import PNG, b64, case_body, new_provisional, session

MATTER = "JY004"  # 学生资助申请: household_income replaces income_proof
OTHER = "SC001"  # 个体工商户设立登记: business_premises replaces lease
STROKES = [
    [[1000, 2000, 0], [3000, 5000, 40], [5200, 2500, 90]],
    [[6000, 6000, 300], [9000, 6100, 360]],
]
EXTRA = {"child_name": "张小明", "school": "北京市第一中学"}


def _pages(*codes: str) -> list[dict[str, Any]]:
    return [{"material_code": c, "mime": "image/png", "data": b64(PNG)} for c in codes]


@pytest.fixture(scope="module")
def terminal_key(api: str) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    resp = session().post(api + "/signing-keys", json={"public_key": b64(raw)}, timeout=5)
    assert resp.status_code == 200, resp.text
    assert resp.json()["key_id"] == key_id_of(raw)
    return key


def _form(api: str, matter: str) -> dict[str, Any]:
    matters = {m["code"]: m for m in session().get(api + "/catalog", timeout=5).json()["matters"]}
    form: dict[str, Any] = matters[matter]["commitment"]
    return form


def _signed(key: Ed25519PrivateKey, form: dict[str, Any], case_key: str) -> dict[str, Any]:
    raw = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    at = datetime.now().astimezone()
    fields = commitment_fields(
        form_id=form["form_id"],
        version=form["version"],
        form_sha256=form["sha256"],
        case_key=case_key,
        terminal_id=DEMO_TERMINAL_ID,
        signed_at=at,
        strokes=[[(x, y, t) for x, y, t in s] for s in STROKES],
    )
    return {
        "form_id": form["form_id"],
        "version": form["version"],
        "form_sha256": form["sha256"],
        "case_key": case_key,
        "terminal_id": DEMO_TERMINAL_ID,
        "signed_at": at.isoformat(),
        "strokes": STROKES,
        "key_id": key_id_of(raw),
        "signature": b64(key.sign(canonical_bytes(fields))),
    }


def _submit(api: str, key: str, commitment: dict[str, Any] | None, matter: str = MATTER) -> Any:
    body = case_body(
        new_provisional(), matter=matter, pages=_pages("id_card", "hukou"), form_extra=EXTRA
    )
    if commitment is not None:
        body["commitment"] = commitment
    return session().post(api + "/cases", json=body, headers={"Idempotency-Key": key}, timeout=10)


def test_the_catalogue_states_each_forms_hash_over_what_it_says(api: str) -> None:
    form = _form(api, MATTER)
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
    assert _form(api, "HJ001") is None  # an ordinary matter offers none


def test_a_signed_commitment_stands_in_for_the_materials_it_replaces(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    key = uuid.uuid4().hex
    resp = _submit(api, key, _signed(terminal_key, _form(api, MATTER), key))
    assert resp.status_code == 201, resp.text
    # the same case resent is the same case
    again = _submit(api, key, None)
    assert again.status_code == 409  # another body under the key


def test_without_a_commitment_the_material_is_still_asked_for(api: str) -> None:
    resp = _submit(api, uuid.uuid4().hex, None)
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
    other = _signed(terminal_key, _form(api, OTHER), key)  # a valid signature, another form
    assert _refusal(_submit(api, key, other)) == "commitment_not_verified"
    # the same signature with this matter's form named over it no longer verifies
    mine = _form(api, MATTER)
    moved = {**other, "form_id": mine["form_id"], "form_sha256": mine["sha256"]}
    assert _refusal(_submit(api, key, moved)) == "commitment_not_verified"


def test_strokes_changed_after_signing_are_refused(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    key = uuid.uuid4().hex
    signed = _signed(terminal_key, _form(api, MATTER), key)
    signed["strokes"] = [signed["strokes"][0]]  # the second stroke taken away
    assert _refusal(_submit(api, key, signed)) == "commitment_not_verified"


def test_a_commitment_signed_for_another_case_is_refused(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    signed = _signed(terminal_key, _form(api, MATTER), uuid.uuid4().hex)
    assert _refusal(_submit(api, uuid.uuid4().hex, signed)) == "commitment_not_verified"


def test_a_key_the_terminal_never_registered_is_refused(api: str) -> None:
    key = uuid.uuid4().hex
    signed = _signed(Ed25519PrivateKey.generate(), _form(api, MATTER), key)
    assert _refusal(_submit(api, key, signed)) == "commitment_not_verified"


def test_a_signing_key_must_be_an_ed25519_key(api: str) -> None:
    resp = session().post(
        api + "/signing-keys", json={"public_key": base64.b64encode(b"short").decode()}, timeout=5
    )
    assert resp.status_code == 422
    assert session(None).post(api + "/signing-keys", json={}, timeout=5).status_code == 401
