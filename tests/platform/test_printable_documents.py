"""打印证照 on the simulator: a person's printable documents, each record sealed over the
SHA-256 of its PDF; the PDF itself (A4, the document's text, a QR of the verification
page); the public verification page the QR opens; nobody else's document."""

from __future__ import annotations

import base64
import hashlib

import pypdfium2 as pdfium
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from devices.document_printer.printed_page import page_text_and_qr
from platform_contract.documents import PrintableDocumentListOut, document_fields
from platform_contract.seal import canonical_bytes
from tests.platform.helpers import session

ZHANG = "110112198503121238"
LI = "110101195211082465"


def _list(api: str, id_number: str) -> PrintableDocumentListOut:
    resp = session().get(f"{api}/persons/{id_number}/documents", timeout=10)
    assert resp.status_code == 200
    return PrintableDocumentListOut.model_validate(resp.json())


def test_a_person_has_their_documents_each_sealed_over_its_pdf(api: str) -> None:
    docs = _list(api, ZHANG).documents
    assert {d.kind for d in docs} == {"business_licence", "tax_proof"}
    key_out = requests.get(api + "/seal", timeout=5).json()
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(key_out["public_key"]))
    for doc in docs:
        pdf = session().get(f"{api}/persons/{ZHANG}/documents/{doc.doc_no}/pdf", timeout=10)
        assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
        assert hashlib.sha256(pdf.content).hexdigest() == doc.pdf_sha256
        fields = document_fields(doc.doc_no, ZHANG, doc.kind, doc.issued_on, doc.pdf_sha256)
        assert doc.seal.key_id == key_out["key_id"]
        key.verify(base64.b64decode(doc.seal.signature), canonical_bytes(fields))


def test_the_pdf_is_an_a4_page_with_the_text_and_a_qr_of_the_verify_page(
    api: str, server_url: str
) -> None:
    doc = next(d for d in _list(api, ZHANG).documents if d.kind == "business_licence")
    pdf = session().get(f"{api}/persons/{ZHANG}/documents/{doc.doc_no}/pdf", timeout=10).content
    width, height = pdfium.PdfDocument(pdf)[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text, qr = page_text_and_qr(pdf)
    assert "营业执照" in text and doc.doc_no in text and "张伟" in text
    assert ZHANG not in text  # the ID number is printed masked
    assert qr == doc.verify_url and qr.startswith(server_url + "/verify/")
    page = requests.get(qr, timeout=5)  # public: no token
    assert page.status_code == 200
    assert doc.doc_no in page.text and "营业执照" in page.text and "张伟" not in page.text


def test_nobody_gets_another_persons_document(api: str) -> None:
    theirs = _list(api, ZHANG).documents[0].doc_no
    resp = session().get(f"{api}/persons/{LI}/documents/{theirs}/pdf", timeout=10)
    assert resp.status_code == 404 and resp.json()["error"] == "unknown_document"
    assert _list(api, "110112199307210828").documents == []  # 王芳 has none
    assert requests.get(f"{api}/persons/{ZHANG}/documents", timeout=5).status_code == 401
    assert (
        requests.get(api.removesuffix("/api/v1") + "/verify/nosuchcode123", timeout=5).status_code
        == 404
    )
