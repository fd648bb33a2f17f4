"""The self-print journey (打印证照): after the ID card and the face check (or staff in
person, the identity check shared with the declaration and the pickup), the resident
picks one of the documents the platform holds for them, sees its first page, and prints
it on the A4 printer. See docs/ARCHITECTURE.md for the states.

The PDF is printed only once the client has checked the platform's seal over it (a
forged or altered one is refused with a clear message and the list comes back); a
printer fault ends the journey with the printer's own words, as the receipt printer's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from device_contracts import Completion, DocumentPrinter, PrintDocument, Text
from flows import messages
from flows.assisted import AssistedFlow, AssistedGuards, AssistedSession
from flows.journey_ports import JourneyPorts
from flows.platform_call import refused
from flows.self_print_machine import SelfPrintMachine, SelfPrintState
from flows.self_print_ports import DocumentSource, HeldDocument

__all__ = ["SelfPrintFlow", "SelfPrintSession", "SelfPrintState"]

log = logging.getLogger(__name__)

S = SelfPrintState

#: an A4 page through a print queue takes longer than a receipt (the adapter calls a
#: job stuck after its own job_timeout_s, 60 s by default)
PRINT_TIMEOUT_S = 90.0

NO_DOCUMENTS = Text("平台上没有您可打印的证照", "The platform holds no document of yours to print")
NO_PRINTER = Text(
    "本机未配备证照打印机，请到窗口办理",
    "This kiosk has no document printer; please go to a counter",
)
PRINTED = Text(
    "打印完成，请从打印机出纸口取走证照", "Printed: please take your document from the printer"
)


@dataclass(repr=False)
class SelfPrintSession(AssistedSession):
    """The identity check's fields, the documents listed, the one chosen and its PDF
    (personal data: wiped at the end)."""

    documents: list[HeldDocument] = field(default_factory=list)
    chosen: HeldDocument | None = None
    pdf: bytes = b""

    def __repr__(self) -> str:
        return f"SelfPrintSession(documents={len(self.documents)})"


class SelfPrintFlow(AssistedFlow[SelfPrintState]):
    session: SelfPrintSession

    def __init__(
        self, ports: JourneyPorts, source: DocumentSource, printer: DocumentPrinter | None
    ) -> None:
        """``printer``: the site's A4 printer (``DeviceSet.extra["document_printer"]``);
        None: the journey says so instead of starting."""
        super().__init__("self_print", SelfPrintMachine(AssistedGuards(self)), S, ports)
        self.source = source
        self.printer = printer
        self.session = SelfPrintSession()
        self._entry.update(
            {S.LISTING: self._list, S.FETCHING: self._fetch, S.PRINTING: self._print}
        )

    # ------------------------------------------------------------------ journey
    def start(self) -> None:
        if not self._may_start():
            return
        self.session.face_attempts_left = self.settings.face_attempts
        self._fire("start")

    def retry(self) -> None:
        """Read the card again after a failed read."""
        if self.state is S.READING_CARD and not self.session.busy:
            self.session.message = None
            self._read_card()
            self._changed()

    def choose(self, doc_no: str) -> None:
        if self.state is not S.CHOOSING or self.session.busy:
            return
        chosen = next((d for d in self.session.documents if d.doc_no == doc_no), None)
        if chosen is None:
            return
        self.session.chosen = chosen
        self.session.message = None
        self._fire("chosen")

    def back(self) -> None:
        """From the preview to the list."""
        if self.state is S.PREVIEW:
            self.session.chosen, self.session.pdf = None, b""
            self._fire("back")

    def print_document(self) -> None:
        if self.state is S.PREVIEW:
            self._fire("print_document")

    def another(self) -> None:
        """Print another of the documents."""
        if self.state is S.DONE:
            self.session.chosen, self.session.pdf, self.session.message = None, b"", None
            self._fire("another")

    def finish(self) -> None:
        if self.state in (S.DONE, S.FAILED) and not self._card_blocks_finish():
            self._finish()

    # ------------------------------------------------------------------ platform
    def _id_number(self) -> str:
        card = self.session.card
        # the machine reaches the list only through the identity check, with a card read
        assert card is not None and self.session.identity_check
        return card.id_number

    def _list(self) -> None:
        if self.printer is None:
            self.session.message = NO_PRINTER
            self._fire("nothing_listed")
            return
        self.session.busy = True
        number = self._id_number()
        self._call_platform(
            "documents.list", lambda: self.source.documents(number), self._on_listed
        )

    def _kept(self, c: Completion[Any], field_name: str, event: str) -> bool:
        """A platform answer with something in it: kept in the session's ``field_name``,
        and the journey goes on with ``event``."""
        self.session.busy = False
        if not (c.ok and c.value):
            return False
        setattr(self.session, field_name, c.value)
        self._fire(event)
        return True

    def _on_listed(self, c: Completion[list[HeldDocument]]) -> None:
        s = self.session
        if self._kept(c, "documents", "listed"):
            return
        if c.ok or refused(c):
            s.message = NO_DOCUMENTS
        else:
            s.message = c.message or messages.PLATFORM_UNAVAILABLE
        log.info("no documents to print", extra={"flow": "self_print", "code": c.code.value})
        self._fire("nothing_listed")

    def _fetch(self) -> None:
        chosen = self.session.chosen
        assert chosen is not None
        self.session.busy = True
        number, doc_no = self._id_number(), chosen.doc_no
        self._call_platform(
            "documents.pdf", lambda: self.source.document_pdf(number, doc_no), self._on_fetched
        )

    def _on_fetched(self, c: Completion[bytes]) -> None:
        s = self.session
        if self._kept(c, "pdf", "fetched"):
            return
        # a refused seal says so in the client's words; the platform away, in its own
        log.warning("document not fetched", extra={"flow": "self_print", "code": c.code.value})
        s.message = c.message or messages.PLATFORM_UNAVAILABLE
        s.chosen = None
        self._fire("not_fetched")

    # ------------------------------------------------------------------ printer
    def _print(self) -> None:
        s = self.session
        assert self.printer is not None and s.chosen is not None
        s.busy = True
        # the queue lists the document's number, never the holder
        job = PrintDocument(s.pdf, s.chosen.doc_no)
        self._watch(self.printer.print_document(job, PRINT_TIMEOUT_S), self._on_printed)

    def _on_printed(self, c: Completion[None]) -> None:
        s = self.session
        s.busy = False
        if c.ok:
            s.message = PRINTED
            log.info("document printed", extra={"flow": "self_print"})
            self._fire("printed")
            return
        log.warning("document not printed", extra={"flow": "self_print", "code": c.code.value})
        s.message = c.text  # the printer's words: paper out, door open, not taking jobs
        self._fire("print_failed")
