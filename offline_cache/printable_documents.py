"""The platform's printable documents (打印证照) for the self-print journey: the flows'
:class:`~flows.self_print_ports.DocumentSource` over the platform client.

The list's records carry the platform's electronic seal over the document and the
SHA-256 of its PDF; a PDF is handed to the printer only when its bytes hash to the
sealed value and the seal verifies with the pinned key (``seal_check``), so neither a
forged record nor a PDF changed on the way is printed.
"""

from __future__ import annotations

import hashlib
import logging
import threading

from device_contracts import Text
from flows.self_print_ports import HeldDocument
from offline_cache import from_wire
from offline_cache.client import PlatformClient
from offline_cache.seal_check import SealRefused
from platform_contract.documents import (
    PrintableDocumentListOut,
    PrintableDocumentOut,
    document_fields,
)

log = logging.getLogger(__name__)

DOCUMENT_NOT_VERIFIED = Text(
    "证照校验未通过，不能打印，请联系工作人员",
    "The document could not be verified, so it is not printed; please ask staff",
)


class PlatformDocuments:
    """``DocumentSource``; keeps the records of the last list per person until the PDF
    of one is asked for (the record's seal is what the PDF is checked against)."""

    def __init__(self, client: PlatformClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._records: dict[tuple[str, str], PrintableDocumentOut] = {}

    def documents(self, id_number: str) -> list[HeldDocument]:
        # the client's own GET: retried reads, its timeouts, answers checked against the
        # contract, errors in its words
        listed = self._client._get(
            f"/persons/{id_number}/documents", PrintableDocumentListOut, "document list"
        )
        with self._lock:
            # one person's records at a time: the previous resident's are dropped
            self._records = {(id_number, d.doc_no): d for d in listed.documents}
        return [_held(d) for d in listed.documents]

    def document_pdf(self, id_number: str, doc_no: str) -> bytes:
        with self._lock:
            record = self._records.get((id_number, doc_no))
        if record is None:
            raise SealRefused(DOCUMENT_NOT_VERIFIED, "document not listed")
        path = f"/persons/{id_number}/documents/{doc_no}/pdf"
        pdf = self._client._request(self._client._reads, "GET", path).content
        if hashlib.sha256(pdf).hexdigest() != record.pdf_sha256:
            log.warning("document refused", extra={"why": "pdf is not the sealed one"})
            raise SealRefused(DOCUMENT_NOT_VERIFIED, "pdf does not match its record")
        r = record
        fields = document_fields(r.doc_no, id_number, r.kind, r.issued_on, r.pdf_sha256)
        self._client.seals.check(fields, r.seal, DOCUMENT_NOT_VERIFIED)
        return pdf

    def forget(self) -> None:
        """Drop the records (the journey ended)."""
        with self._lock:
            self._records.clear()


def _held(d: PrintableDocumentOut) -> HeldDocument:
    return HeldDocument(
        doc_no=d.doc_no,
        kind=d.kind,
        title=from_wire.text(d.title),
        issuer=from_wire.text(d.issuer),
        issued_on=d.issued_on,
    )
