"""Documents the platform holds for a person and prints at a terminal (打印证照): the
list a terminal shows, each record sealed with the platform's electronic seal.

The seal covers the record and the SHA-256 of the document's PDF, so a terminal that
fetched the PDF apart (``GET .../documents/{doc_no}/pdf``) prints only the bytes the
platform sealed; the PDF carries a QR of ``verify_url``, where anyone holding the
paper can see the record the platform keeps.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from platform_contract.bilingual import Bilingual
from platform_contract.seal import SealOut, SignedFields

PRINTED_DOCUMENT = "printed_document"

DocumentKind = Literal["business_licence", "tax_proof", "archive_record"]


class PrintableDocumentOut(BaseModel):
    """One document of the person's, as the list shows it, with its seal."""

    doc_no: str
    kind: DocumentKind
    title: Bilingual
    issuer: Bilingual
    issued_on: str = Field(description="YYYY-MM-DD")
    pages: int = Field(ge=1)
    pdf_sha256: str = Field(description="hex SHA-256 of the PDF the pdf route answers")
    verify_url: str = Field(description="the public verification page the QR points at")
    seal: SealOut


class PrintableDocumentListOut(BaseModel):
    documents: list[PrintableDocumentOut]


def document_fields(
    doc_no: str, holder_id_number: str, kind: str, issued_on: str, pdf_sha256: str
) -> SignedFields:
    """What a printable document's seal covers: which document, whose, and its bytes."""
    what = {"doc_no": doc_no, "holder": holder_id_number, "document_kind": kind}
    return {"kind": PRINTED_DOCUMENT, **what, "issued_on": issued_on, "pdf_sha256": pdf_sha256}
