"""Documents the platform holds for its demo people and prints at a terminal (打印证照):
营业执照 business licence, 完税证明 tax payment proof, 档案查询 archive record.

A terminal proves the person as for the electronic licences (:mod:`platform_sim.licences`):
its own token, and the ID number its reader took from the card after the face check.
The list carries each record sealed (the seal covers the SHA-256 of the PDF); the PDF
route renders the page (:mod:`platform_sim.document_pdf`), whose QR points at the
public ``GET /verify/{token}`` page showing the record the platform keeps.
"""

from __future__ import annotations

import hashlib
import html
import secrets
from typing import Annotated

from fastapi import APIRouter, FastAPI, Path, Request
from fastapi.responses import HTMLResponse, Response

from platform_contract.bilingual import Bilingual
from platform_contract.documents import (
    PrintableDocumentListOut,
    PrintableDocumentOut,
    document_fields,
)
from platform_contract.schemas import ErrorOut
from platform_sim.auth import Db, Terminal
from platform_sim.db import Database
from platform_sim.document_pdf import DocumentPage, render_pdf
from platform_sim.errors import ApiError
from platform_sim.routes_public import AUTH_ERRORS
from platform_sim.seal import seal
from platform_sim.store.transaction import StoreRow, Tx

router = APIRouter()
page_router = APIRouter()
IdNumber = Annotated[str, Path(pattern=r"^[0-9A-Z]{15,18}$")]
DocNo = Annotated[str, Path(pattern=r"^[A-Z0-9-]{4,40}$")]
VerifyToken = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{8,64}$")]


_TITLES = {
    "business_licence": ("营业执照", "Business licence"),
    "tax_proof": ("完税证明", "Tax payment proof"),
    "archive_record": ("档案查询结果", "Archive record"),
}

#: the demo people's documents (assets/sample/identities.json); fictional businesses and
#: numbers. ``lines``: the document's own rows, "label|value" one a line
DEMO_DOCUMENTS = (
    (
        "YYZZ-91110112-2016-0457",
        "110112198503121238",
        "business_licence",
        ("北京市通州区市场监督管理局", "Tongzhou District Administration for Market Regulation"),
        "2016-05-18",
        "名称|北京运河张记餐饮有限公司\n类型|有限责任公司\n经营范围|餐饮服务",
    ),
    (
        "WSZM-2025-110112-08812",
        "110112198503121238",
        "tax_proof",
        ("国家税务总局北京市通州区税务局", "Tongzhou District Tax Bureau, STA"),
        "2026-01-15",
        "税款所属期|2025-01-01 至 2025-12-31\n税种|个人所得税\n实缴金额|人民币 12,480.00 元",
    ),
    (
        "DACX-110101-2026-00317",
        "110101195211082465",
        "archive_record",
        ("北京市东城区档案馆", "Dongcheng District Archives"),
        "2026-03-02",
        "档案类别|婚姻登记档案\n登记日期|1975-10-01\n查询结果|档案在册，内容与登记一致",
    ),
)


def ensure_schema(db: Database) -> None:
    """The table and the demo documents (each with its own verification token)."""
    with db.tx() as conn:
        for doc_no, who, kind, issuer, on, lines in DEMO_DOCUMENTS:
            title = _TITLES[kind]
            conn.execute(
                "INSERT INTO printable_documents (doc_no, id_number, kind, title_zh,"
                " title_en, issuer_zh, issuer_en, issued_on, lines, verify_token)"
                " VALUES (?,?,?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                (doc_no, who, kind, *title, *issuer, on, lines, secrets.token_urlsafe(16)),
            )


@router.get(
    "/persons/{id_number}/documents",
    tags=["persons"],
    summary="The person's printable documents (打印证照), each record sealed",
    responses={**AUTH_ERRORS},
)
def person_documents(
    id_number: IdNumber, request: Request, _who: Terminal, db: Db
) -> PrintableDocumentListOut:
    with db.tx() as conn:
        rows = conn.execute(
            "SELECT * FROM printable_documents WHERE id_number = ? ORDER BY doc_no", (id_number,)
        ).fetchall()
        # an unknown person simply has none: the answer does not say who is on file
        return PrintableDocumentListOut(documents=[_out(conn, r, request) for r in rows])


@router.get(
    "/persons/{id_number}/documents/{doc_no}/pdf",
    tags=["persons"],
    summary="One of the person's documents as the A4 PDF to print",
    response_class=Response,
    responses={
        **AUTH_ERRORS,
        200: {"content": {"application/pdf": {}}},
        404: {"model": ErrorOut, "description": "Not a document of this person"},
    },
)
def document_pdf(
    id_number: IdNumber, doc_no: DocNo, request: Request, _who: Terminal, db: Db
) -> Response:
    with db.tx() as conn:
        row = conn.execute(
            "SELECT * FROM printable_documents WHERE doc_no = ? AND id_number = ?",
            (doc_no, id_number),
        ).fetchone()
        if row is None:
            raise ApiError(
                404, "unknown_document", "未找到该证照", "No such document of this person"
            )
        pdf = _pdf(conn, row, request)
    return Response(pdf, media_type="application/pdf")


@page_router.get("/verify/{token}", include_in_schema=False, response_class=HTMLResponse)
def verify_page(token: VerifyToken, db: Db) -> HTMLResponse:
    """What the QR on a printed document opens: the record as the platform keeps it
    (the holder's name and ID number masked: whoever holds the paper sees them there)."""
    with db.tx() as conn:
        row = conn.execute(
            "SELECT * FROM printable_documents WHERE verify_token = ?", (token,)
        ).fetchone()
    if row is None:
        body = "<h1>未找到该证照记录</h1><p>No document has this verification code.</p>"
        return HTMLResponse(_page(body), status_code=404)
    e = html.escape
    rows = "".join(
        f"<tr><th>{e(label)}</th><td>{e(value)}</td></tr>"
        for label, value in (
            ("编号 No.", row["doc_no"]),
            *_lines(row),
            ("出具机关 Issuer", row["issuer_zh"]),
            ("出具日期 Issued", row["issued_on"]),
        )
    )
    body = (
        f"<h1>{e(row['title_zh'])} <small>{e(row['title_en'])}</small></h1>"
        "<p>✔ 平台存档记录，已加盖电子印章 / On record at the platform, electronically sealed</p>"
        f"<table>{rows}</table>"
    )
    return HTMLResponse(_page(body))


def _page(body: str) -> str:
    return (
        f'<!doctype html><html lang="zh"><meta charset="utf-8"><title>证照核验</title>{body}</html>'
    )


def _lines(row: StoreRow) -> list[tuple[str, str]]:
    return [
        (label, value) for label, _, value in (r.partition("|") for r in row["lines"].splitlines())
    ]


def _verify_url(row: StoreRow, request: Request) -> str:
    return f"{str(request.base_url).rstrip('/')}/verify/{row['verify_token']}"


def _pdf(conn: Tx, row: StoreRow, request: Request) -> bytes:
    person = conn.execute(
        "SELECT name FROM persons WHERE id_number = ?", (row["id_number"],)
    ).fetchone()
    id_number = row["id_number"]
    page = DocumentPage(
        title_zh=row["title_zh"],
        title_en=row["title_en"],
        doc_no=row["doc_no"],
        holder_name=person["name"] if person is not None else "",
        holder_id_masked=f"{id_number[:4]}{'*' * (len(id_number) - 8)}{id_number[-4:]}",
        issuer_zh=row["issuer_zh"],
        issued_on=row["issued_on"],
        lines=tuple(_lines(row)),
        verify_url=_verify_url(row, request),
    )
    return render_pdf(page)


def _out(conn: Tx, row: StoreRow, request: Request) -> PrintableDocumentOut:
    digest = hashlib.sha256(_pdf(conn, row, request)).hexdigest()
    fields = document_fields(row["doc_no"], row["id_number"], row["kind"], row["issued_on"], digest)
    return PrintableDocumentOut(
        doc_no=row["doc_no"],
        kind=row["kind"],
        title=Bilingual(zh=row["title_zh"], en=row["title_en"]),
        issuer=Bilingual(zh=row["issuer_zh"], en=row["issuer_en"]),
        issued_on=row["issued_on"],
        pages=1,
        pdf_sha256=digest,
        verify_url=_verify_url(row, request),
        seal=seal(conn, fields),
    )


def install(app: FastAPI, api: APIRouter, db: Database) -> None:
    """The table and the routes: the terminal's under ``api``, the public page on ``app``."""
    ensure_schema(db)
    api.include_router(router)
    app.include_router(page_router)
