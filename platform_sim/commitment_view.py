"""A case's signed commitment (告知承诺制) in the back office: what the clerk reviewing
the case sees of the commitment that stood in for some of its materials.

* ``GET /backoffice/cases/{code}/commitment`` -- the form's id, version and title, the
  time, the terminal, its key's fingerprint, the strokes, and whether the stored
  signature verifies *now* with the key the terminal registered (over the strokes, form,
  case and terminal as stored: a row changed in the database shows as not verified).
* ``GET /case-commitment`` -- the clerks' page (:mod:`platform_sim.commitment_page`:
  static, it fetches the JSON with the back-office token and draws the signature as SVG
  from numbers only).
"""

from __future__ import annotations

import hashlib
import json

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from platform_contract.commitment import CaseCommitmentOut, SignedCommitmentIn
from platform_contract.schemas import Bilingual
from platform_sim.auth import Backoffice, Db
from platform_sim.cases import find_case, matter_name
from platform_sim.catalog import matter_body
from platform_sim.clerk_pages import clerk_page
from platform_sim.commitment_page import CASE_COMMITMENT_HTML
from platform_sim.commitments import registered_key, signature_verifies
from platform_sim.errors import ApiError
from platform_sim.routes_public import NOT_FOUND_ERRORS, PathKey
from platform_sim.store.transaction import StoreRow, Tx

backoffice_router = APIRouter(prefix="/backoffice", tags=["back office"])
page_router = APIRouter()


def install(app: FastAPI, api: APIRouter) -> None:
    """The back office's route and its page (the table is ``commitments``')."""
    api.include_router(backoffice_router)
    app.include_router(page_router)  # /case-commitment, the clerks' page


_SUMMARY = "A case's signed commitment (告知承诺书), its signature checked again"


@backoffice_router.get("/cases/{code}/commitment", summary=_SUMMARY, responses=NOT_FOUND_ERRORS)
def case_commitment(code: PathKey, _who: Backoffice, db: Db) -> CaseCommitmentOut:
    with db.tx() as conn:
        case = find_case(conn, code)
        row = conn.execute(
            "SELECT * FROM case_commitments WHERE idempotency_key = ?", (case["idempotency_key"],)
        ).fetchone()
        if row is None:
            raise ApiError(
                404, "no_commitment", "该办件没有签署承诺书", "This case has no signed commitment"
            )
        return _view(conn, case, row)


@page_router.get("/case-commitment", include_in_schema=False)
def case_commitment_page() -> HTMLResponse:
    """The clerks' page: static, no data (it fetches with the token it is given)."""
    return clerk_page(CASE_COMMITMENT_HTML)


def _view(conn: Tx, case: StoreRow, row: StoreRow) -> CaseCommitmentOut:
    signed = _as_signed(case, row)
    key = registered_key(conn, case["terminal_id"], row["key_id"])
    return CaseCommitmentOut(
        case_code=case["code"],
        matter_code=case["matter_code"],
        matter_name=matter_name(conn, case["matter_code"]),
        form_id=row["form_id"],
        version=row["version"],
        title=_title(conn, case["matter_code"], row),
        signed_at=row["signed_at"],
        terminal_id=case["terminal_id"],
        key_id=row["key_id"],
        key_fingerprint="" if key is None else hashlib.sha256(key).hexdigest(),
        verified=signed is not None and key is not None and signature_verifies(key, signed),
        strokes=[] if signed is None else signed.strokes,
    )


def _as_signed(case: StoreRow, row: StoreRow) -> SignedCommitmentIn | None:
    """The stored commitment as the terminal sent it (this case's key and terminal),
    or None when what is stored is no longer well formed."""
    try:
        return SignedCommitmentIn(
            form_id=row["form_id"],
            version=row["version"],
            form_sha256=row["form_sha256"],
            case_key=case["idempotency_key"],
            terminal_id=case["terminal_id"],
            signed_at=row["signed_at"],
            strokes=json.loads(row["strokes"]),
            key_id=row["key_id"],
            signature=row["signature"],
        )
    except (ValidationError, ValueError):
        return None


def _title(conn: Tx, matter_code: str, row: StoreRow) -> Bilingual | None:
    """The form's title, when the catalogue still has the version that was signed."""
    form = matter_body(conn, matter_code).get("commitment")
    signed = (row["form_id"], row["version"], row["form_sha256"])
    if form is None or (form["form_id"], form["version"], form["sha256"]) != signed:
        return None
    return Bilingual(**form["title"])
