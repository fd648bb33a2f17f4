"""What the self-print journey (打印证照) asks of the platform: the documents it holds for
a person, and one document's PDF once its electronic seal is checked (the client in
``offline_cache/printable_documents.py`` implements it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from device_contracts import Text


@dataclass(frozen=True)
class HeldDocument:
    """One document the platform holds for the person (营业执照, 完税证明, 档案查询 ...)."""

    doc_no: str
    #: business_licence, tax_proof or archive_record
    kind: str
    title: Text
    issuer: Text
    issued_on: str


class DocumentSource(Protocol):
    def documents(self, id_number: str) -> list[HeldDocument]:
        """The person's printable documents; [] when none. PlatformUnavailable when the
        platform does not answer (or its answer cannot be believed)."""
        ...

    def document_pdf(self, id_number: str, doc_no: str) -> bytes:
        """The document's PDF, only when its bytes are the ones the platform sealed:
        otherwise PlatformUnavailable (a refused seal, ``SealRefused``) saying why."""
        ...
