"""The platform seals what it decides (电子印章): its public key is served, each pickup
ticket and each decision carries an Ed25519 seal over the canonical bytes of its fields,
checked here with the public key only, as a kiosk would; the key outlives a restart."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

import pytest
import requests
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from platform_contract.seal import (
    SealKeyOut,
    canonical_bytes,
    decision_fields,
    key_id_of,
    pickup_ticket_fields,
)
from platform_sim.server import start_in_thread
from tests.platform.helpers import backoffice, session
from tests.platform.test_pickup import _event, _new_case, _pickup_code


def _key(api: str) -> tuple[SealKeyOut, Ed25519PublicKey]:
    resp = requests.get(api + "/seal", timeout=5)  # no token: the key is public
    assert resp.status_code == 200
    out = SealKeyOut.model_validate(resp.json())
    raw = base64.b64decode(out.public_key)
    assert out.algorithm == "Ed25519" and len(raw) == 32
    assert out.key_id == key_id_of(raw)
    return out, Ed25519PublicKey.from_public_bytes(raw)


def _check(key: Ed25519PublicKey, seal: dict[str, str], fields: dict[str, str]) -> None:
    key.verify(base64.b64decode(seal["signature"]), canonical_bytes(fields))


def _ready_case(api: str, compartment: str) -> tuple[str, Any]:
    """A case approved and loaded into ``compartment``: its code and the approval answer."""
    code = _new_case(api)
    approved = backoffice().post(f"{api}/backoffice/cases/{code}/approve", timeout=5)
    assert approved.status_code == 200
    assert _event(api, code, "certificate_loaded", compartment).status_code == 200
    return code, approved.json()


def test_a_pickup_ticket_is_sealed_over_case_compartment_and_matter(api: str) -> None:
    info, key = _key(api)
    code, _ = _ready_case(api, "P06")
    ticket = (
        session()
        .post(api + "/pickup/verify", json={"code": _pickup_code(api, code)}, timeout=5)
        .json()
    )
    assert ticket["seal"]["key_id"] == info.key_id
    name = ticket["matter_name"]
    fields = pickup_ticket_fields(code, "P06", name["zh"], name["en"])
    _check(key, ticket["seal"], fields)
    with pytest.raises(InvalidSignature):  # one other door: not what was sealed
        _check(key, ticket["seal"], {**fields, "compartment_id": "P07"})


def test_a_decision_is_sealed_and_reads_back_with_the_same_seal(api: str) -> None:
    info, key = _key(api)
    code, approved = _ready_case(api, "P08")
    decision = approved["decision"]
    assert decision["decision"] == "approved" and decision["seal"]["key_id"] == info.key_id
    fields = decision_fields(
        code,
        decision["matter_code"],
        "approved",
        datetime.fromisoformat(decision["decided_at"]),
    )
    _check(key, decision["seal"], fields)
    with pytest.raises(InvalidSignature):  # a seal on a decision is no pickup ticket's
        name = approved["matter_name"]
        _check(key, decision["seal"], pickup_ticket_fields(code, "P08", name["zh"], name["en"]))
    # the progress lookup reads the same sealed decision
    status = session().get(f"{api}/cases/{code}", timeout=5).json()
    assert status["decision"] == decision


def test_an_undecided_case_has_no_decision(api: str) -> None:
    code = _new_case(api)
    assert session().get(f"{api}/cases/{code}", timeout=5).json()["decision"] is None


def test_the_seal_key_is_made_once_and_kept_in_the_database(store: str, another_store: str) -> None:
    first = start_in_thread(store)
    try:
        before, _ = _key(first.url + "/api/v1")
    finally:
        first.stop()
    again = start_in_thread(store)
    try:
        after, _ = _key(again.url + "/api/v1")
    finally:
        again.stop()
    assert after == before
    other = start_in_thread(another_store)
    try:
        assert _key(other.url + "/api/v1")[0].key_id != before.key_id  # one key per platform
    finally:
        other.stop()
