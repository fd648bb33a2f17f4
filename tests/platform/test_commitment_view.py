"""A case's signed commitment in the back office (告知承诺制): the JSON route gives the
form, time, terminal, the key's fingerprint and the strokes, with the stored signature
verified again as it is read (a row changed in the database shows as not verified);
the clerks' page, in a real browser (Debian's Chromium driven by Playwright), shows them
and draws the signature as SVG from the numbers. The screenshot goes to
$KIOSK_SCREENSHOT_DIR when set."""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from platform_sim.commitment_page import CASE_COMMITMENT_HTML
from platform_sim.db import Database
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.platform.clerk_browser import clerk_tab
from tests.platform.helpers import backoffice, session
from tests.platform.test_commitments import (
    MATTER,
    STROKES,
    commitment_form,
    register_key,
    signed_commitment,
    submit,
)
from tests.platform.test_pickup import _new_case

WAIT_MS = 15_000


@pytest.fixture(scope="module")
def terminal_key(api: str) -> Ed25519PrivateKey:
    return register_key(api)


def _signed_case(api: str, key: Ed25519PrivateKey) -> str:
    idempotency_key = uuid.uuid4().hex
    signed = signed_commitment(key, commitment_form(api, MATTER), idempotency_key)
    resp = submit(api, idempotency_key, signed)
    assert resp.status_code == 201, resp.text
    code: str = resp.json()["case_code"]
    return code


def _view(api: str, code: str) -> dict[str, Any]:
    resp = backoffice().get(f"{api}/backoffice/cases/{code}/commitment", timeout=5)
    assert resp.status_code == 200, resp.text
    view: dict[str, Any] = resp.json()
    return view


def test_the_back_office_reads_a_cases_commitment_verified(
    api: str, terminal_key: Ed25519PrivateKey
) -> None:
    code = _signed_case(api, terminal_key)
    view = _view(api, code)
    form = commitment_form(api, MATTER)
    raw = terminal_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    assert view["verified"] is True
    assert view["key_fingerprint"] == hashlib.sha256(raw).hexdigest()
    assert view["key_fingerprint"].startswith(view["key_id"])
    assert (view["form_id"], view["version"]) == (form["form_id"], form["version"])
    assert view["title"] == form["title"]
    assert view["terminal_id"] == DEMO_TERMINAL_ID
    assert view["strokes"] == STROKES
    # the clerks' route: a terminal's token does not read it
    resp = session().get(f"{api}/backoffice/cases/{code}/commitment", timeout=5)
    assert resp.status_code in (401, 403)


def _move_strokes(store: str, code: str) -> list[list[list[int]]]:
    """Move the case's stored strokes down a little, behind the platform's back (a
    connection of its own to the module's store)."""
    moved = [[[x, min(y + 500, 10_000), t] for x, y, t in s] for s in STROKES]
    db = Database(store)
    try:
        with db.tx() as conn:
            key = conn.execute(
                "SELECT idempotency_key FROM cases WHERE code = ?", (code,)
            ).fetchone()
            assert key is not None
            conn.execute(
                "UPDATE case_commitments SET strokes = ? WHERE idempotency_key = ?",
                (json.dumps(moved), key[0]),
            )
    finally:
        db.close()
    return moved


def test_a_case_without_a_commitment_has_none_to_show(api: str) -> None:
    code = _new_case(api)
    answer = backoffice().get(f"{api}/backoffice/cases/{code}/commitment", timeout=5)
    assert answer.status_code == 404 and answer.json()["error"] == "no_commitment"


def test_strokes_changed_in_the_database_are_not_verified(
    api: str, store: str, terminal_key: Ed25519PrivateKey
) -> None:
    code = _signed_case(api, terminal_key)
    moved = _move_strokes(store, code)
    view = _view(api, code)
    assert view["verified"] is False and view["strokes"] == moved  # shown, as not verified


def test_the_page_inserts_no_value_as_html() -> None:
    assert "innerHTML" not in CASE_COMMITMENT_HTML
    assert "insertAdjacentHTML" not in CASE_COMMITMENT_HTML


def test_the_clerk_sees_the_signature_drawn_and_verified(
    server_url: str, api: str, store: str, terminal_key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    code = _signed_case(api, terminal_key)
    form = commitment_form(api, MATTER)
    view = _view(api, code)
    with clerk_tab(1100, 900) as page:
        page.goto(f"{server_url}/case-commitment#{code}")
        page.locator("#commitment").wait_for(state="visible", timeout=WAIT_MS)
        assert page.locator("#signature polyline").count() == len(STROKES)
        first = page.locator("#signature polyline").first.get_attribute("points") or ""
        assert first.split(" ")[0] == f"{STROKES[0][0][0]},{STROKES[0][0][1]}"
        assert page.text_content("#title") == f"{form['title']['zh']} · {form['title']['en']}"
        assert "已验证 Verified" in (page.text_content("#verified") or "")
        fingerprint = (page.text_content("#fingerprint") or "").replace(" ", "")
        assert fingerprint == view["key_fingerprint"]
        assert page.text_content("#terminal") == DEMO_TERMINAL_ID
        assert f"第 {form['version']} 版" in (page.text_content("#form") or "")
        shots = Path(os.environ.get("KIOSK_SCREENSHOT_DIR", tmp_path))
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "case-commitment.png"), full_page=True)
        _move_strokes(store, code)  # changed in the database: shown as not verified
        page.reload()
        page.wait_for_function(
            "() => document.getElementById('verified').className === 'refused'",
            timeout=WAIT_MS,
        )
        assert "未通过校验 NOT verified" in (page.text_content("#verified") or "")
        page.screenshot(path=str(shots / "case-commitment-not-verified.png"), full_page=True)
