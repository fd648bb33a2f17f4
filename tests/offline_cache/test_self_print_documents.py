"""打印证照 end to end below the screen (issue 21.3): the self-print flow on the real
platform client against the running simulator, the face check matched, the person's
documents listed, one fetched and printed on the simulated A4 printer. Through a real
proxy on loopback that changes the PDF or the record after the platform sealed them,
the document is refused with a clear message and nothing reaches the printer."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from device_contracts import Completion, IdentityCard
from devices.sim.document_printer import SimDocumentPrinter
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from flows.self_print import NO_DOCUMENTS, PRINTED, SelfPrintFlow, SelfPrintState
from offline_cache.catalog_cache import CatalogCache
from offline_cache.client import PlatformClient
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from offline_cache.printable_documents import DOCUMENT_NOT_VERIFIED, PlatformDocuments
from offline_cache.seal_check import PIN_FILE
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from tests.fakes.devices import FakeDevices, sample_card
from tests.fakes.ledger import InMemoryLedger
from tests.offline_cache.conftest import SwitchablePlatform
from tests.offline_cache.wire_proxy import Rewrite, wire_proxy
from tests.platform.helpers import session

S = SelfPrintState
ZHANG = dataclasses.replace(sample_card(), name="张伟", id_number="110112198503121238")
WANG = dataclasses.replace(sample_card(), name="王芳", id_number="110112199307210828")
LIST = r"/api/v1/persons/110112198503121238/documents"
PDF = LIST + r"/[A-Z0-9-]+/pdf"


class Kiosk:
    """The self-print flow on a real KioskPlatform and client; fake card reader and
    face camera (the identity check is not under test here), the sim A4 printer."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.client = PlatformClient(
            url,
            DEMO_TERMINAL_TOKEN,
            timeout=3.0,
            connect_timeout=0.5,
            retries=0,
            seal_pin=data_dir / PIN_FILE,
        )
        outbox = Outbox.open(data_dir, DEMO_TERMINAL_ID)
        cache = CatalogCache(data_dir / "catalog.sqlite3", self.client, max_age=0)
        self.platform = KioskPlatform(self.client, outbox, cache, None, sync_timeout=2.0)
        self.devices = FakeDevices()
        self.printer = SimDocumentPrinter(print_delay=0)
        self.printer.open()
        self.loop = ManualLoop()
        ports = JourneyPorts(
            self.devices.device_set(),
            self.platform,
            InMemoryLedger(),
            self.loop,
            DEMO_TERMINAL_ID,
        )
        self.flow = SelfPrintFlow(ports, PlatformDocuments(self.client), self.printer)

    def identified(self, card: IdentityCard = ZHANG) -> None:
        """The card read and the face matched: the flow lists the documents."""
        self.flow.start()
        self.devices.id_reader.reads.complete_pending(Completion.success(card))
        assert self.loop.run_until(lambda: self.flow.state is S.FACE_CONSENT, 5.0)
        self.flow.consent(True)
        assert self.loop.run_until(
            lambda: self.flow.state not in (S.FACE_CHECK, S.LISTING) and not self.flow.session.busy,
            5.0,
        )

    def settle(self) -> None:
        assert self.loop.run_until(lambda: not self.flow.session.busy, 5.0)


@pytest.fixture
def kiosk(platform_server: SwitchablePlatform, data_dir: Path) -> Iterator[Kiosk]:
    """The kiosk on the simulator, started for it."""
    platform_server.start()
    printing = Kiosk(platform_server.url, data_dir)
    try:
        yield printing
    finally:
        printing.platform.close()


def test_the_person_picks_a_document_sees_it_and_it_is_printed(kiosk: Kiosk) -> None:
    kiosk.identified()
    flow = kiosk.flow
    assert flow.state is S.CHOOSING
    kinds = {d.kind: d for d in flow.session.documents}
    assert set(kinds) == {"business_licence", "tax_proof"}
    flow.choose(kinds["tax_proof"].doc_no)
    kiosk.settle()
    assert flow.state is S.PREVIEW and flow.session.pdf.startswith(b"%PDF-")
    flow.print_document()
    assert kiosk.loop.run_until(lambda: flow.state is S.DONE, 5.0)
    assert flow.session.message == PRINTED
    [printed] = kiosk.printer.printed
    assert printed.pdf == flow.session.pdf and printed.title == kinds["tax_proof"].doc_no
    flow.finish()
    assert flow.state is S.IDLE and flow.session.documents == []


def test_someone_with_no_documents_is_told_so(kiosk: Kiosk) -> None:
    kiosk.identified(WANG)
    assert kiosk.flow.state is S.FAILED and kiosk.flow.session.message == NO_DOCUMENTS


def test_a_paper_out_printer_ends_the_journey_in_its_own_words(kiosk: Kiosk) -> None:
    kiosk.identified()
    flow = kiosk.flow
    flow.choose(flow.session.documents[0].doc_no)
    kiosk.settle()
    kiosk.printer.paper_out = True
    flow.print_document()
    assert kiosk.loop.run_until(lambda: flow.state is S.FAILED, 5.0)
    assert flow.session.message is not None and "缺纸" in flow.session.message.zh
    assert kiosk.printer.printed == []


def _listed(api: str) -> dict[str, object]:
    body: dict[str, object] = (
        session().get(api + "/persons/110112198503121238/documents", timeout=5).json()
    )
    return body


def _pdf_changed(api: str, proxy_rules: list[object]) -> None:
    """The PDF's bytes changed on the way (one more line in it)."""
    doc = _listed(api)["documents"][0]  # type: ignore[index]
    pdf = session().get(
        f"{api}/persons/110112198503121238/documents/{doc['doc_no']}/pdf", timeout=5
    )
    proxy_rules.append(Rewrite("GET", PDF, 200, pdf.content.replace(b"%%EOF", b"% x\n%%EOF")))


def _record_changed(api: str, proxy_rules: list[object]) -> None:
    """The record's PDF hash swapped for the altered PDF's: the seal no longer matches."""
    listed = _listed(api)
    doc = listed["documents"][0]  # type: ignore[index]
    pdf = session().get(
        f"{api}/persons/110112198503121238/documents/{doc['doc_no']}/pdf", timeout=5
    )
    altered = pdf.content.replace(b"%%EOF", b"% x\n%%EOF")
    for d in listed["documents"]:  # type: ignore[attr-defined]
        d["pdf_sha256"] = hashlib.sha256(altered).hexdigest()
    proxy_rules.append(Rewrite("GET", LIST, 200, json.dumps(listed).encode()))
    proxy_rules.append(Rewrite("GET", PDF, 200, altered))


FORGERIES = {"pdf changed": _pdf_changed, "record and pdf changed": _record_changed}


@pytest.mark.parametrize("forgery", list(FORGERIES))
def test_a_document_not_as_sealed_is_refused_and_not_printed(
    forgery: str, kiosk: Kiosk, platform_server: SwitchablePlatform
) -> None:
    api = platform_server.url + "/api/v1"
    with wire_proxy(platform_server.url) as proxy:
        FORGERIES[forgery](api, proxy.rules)  # type: ignore[arg-type]
        kiosk.client.base_url = proxy.url
        kiosk.identified()
        flow = kiosk.flow
        flow.choose(flow.session.documents[0].doc_no)
        kiosk.settle()
    assert any("Rewrite" in seen for seen in proxy.seen)
    assert flow.state is S.CHOOSING and flow.session.message == DOCUMENT_NOT_VERIFIED
    assert flow.session.pdf == b"" and kiosk.printer.printed == []
