"""打印证照 through the window (issue 21.3): a resident taps the home tile, lays their ID
card, passes the face check, picks their business licence from the list the platform
holds for them, sees its first page and prints it. The documents come from the running
simulator through the real client (seal checked); the A4 printer is the cups driver on a
private cupsd, whose device file is read back: the page's QR decodes to the platform's
verification page. A stopped queue shows on the screen as the printer's fault. Shot in
Chinese, English and large text."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from device_contracts import Completion
from devices.document_printer.adapter import CupsDocumentPrinter
from devices.document_printer.printed_page import page_text_and_qr
from devices.document_printer.private_cupsd import PrivateCupsd
from flows.journey_ports import JourneyPorts
from flows.self_print import SelfPrintFlow
from kiosk.main_window import MainWindow
from offline_cache.client import PlatformClient
from offline_cache.printable_documents import PlatformDocuments
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.devices import cups_peer
from tests.fakes.devices import sample_card
from tests.offline_cache.wire_proxy import Rewrite, wire_proxy
from tests.platform import conftest as platform_fixtures
from tests.ui.conftest import MODE_IDS, MODES, TERMINAL, UiEnv
from tests.ui.layout_check import layout_faults

pytestmark = [
    pytest.mark.ui,
    cups_peer.needs_cupsd,
]
#: the fixtures of the real peers: a private cupsd and the driver on it, the simulator
cupsd, printer, server = cups_peer.cupsd, cups_peer.printer, platform_fixtures.server
store = platform_fixtures.sqlite_store  # the simulator on SQLite: the printer is tested here

ZHANG = dataclasses.replace(sample_card(), name="张伟", id_number="110112198503121238")
LICENCE = "YYZZ-91110112-2016-0457"


@pytest.fixture
def flow(ui: UiEnv, server: RunningServer, printer: CupsDocumentPrinter) -> Iterator[SelfPrintFlow]:
    """The self-print journey on the env's card reader and face camera, the real
    platform client and the A4 printer on cupsd."""
    client = PlatformClient(server.url, DEMO_TERMINAL_TOKEN, timeout=5.0, retries=0)
    ports = JourneyPorts(ui.devices.device_set(), ui.platform, ui.ledger, ui.loop, TERMINAL)
    made = SelfPrintFlow(ports, PlatformDocuments(client), printer)
    made.subscribe(lambda: ui._consent_when_asked(made))  # type: ignore[arg-type]
    yield made
    made.reset()
    client.close()


def to_list(ui: UiEnv, flow: SelfPrintFlow, lang: str, large: bool) -> MainWindow:
    """The home tile, the card read, the face matched: the person's documents."""
    w = ui.window(lang, large)
    w.install_self_print(flow)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_print")
    ui.wait(lambda: str(flow.state) == "reading_card")
    ui.devices.id_reader.reads.complete_pending(Completion.success(ZHANG))
    ui.wait(lambda: w.current_screen_name() == "screen_print_list", 10_000)
    return w


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_a_resident_prints_their_business_licence(
    ui: UiEnv, flow: SelfPrintFlow, cupsd: PrivateCupsd, lang: str, large: bool
) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    w = to_list(ui, flow, lang, large)
    title = ui.label(w, f"doc_{LICENCE}").text()
    assert title == {"zh": "营业执照", "en": "Business licence"}[lang]
    ui.shot(w, f"21-print-list-{tag}")
    if large:
        assert not layout_faults(w), layout_faults(w)
    ui.click(w, f"btn_doc_{LICENCE}")
    ui.wait(lambda: w.current_screen_name() == "screen_print_preview", 10_000)
    assert ui.label(w, "print_preview_document").text() == title
    assert not ui.label(w, "print_page").pixmap().isNull(), "the first page is shown"
    ui.shot(w, f"21-print-preview-{tag}")
    if large:
        assert not layout_faults(w), layout_faults(w)
    ui.click(w, "btn_print")
    ui.wait(lambda: w.current_screen_name() == "screen_print_done", 30_000)
    ui.shot(w, f"21-print-done-{tag}")
    text, qr = page_text_and_qr(cupsd.printed_pdf())
    assert "营业执照" in text and LICENCE in text
    assert qr.startswith(ui_platform_url(flow) + "/verify/")
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")


def ui_platform_url(flow: SelfPrintFlow) -> str:
    source = flow.source
    assert isinstance(source, PlatformDocuments)
    return source._client.base_url


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_stopped_printer_is_said_on_the_screen(
    ui: UiEnv, flow: SelfPrintFlow, cupsd: PrivateCupsd, lang: str
) -> None:
    w = to_list(ui, flow, lang, False)
    ui.click(w, f"btn_doc_{LICENCE}")
    ui.wait(lambda: w.current_screen_name() == "screen_print_preview", 10_000)
    cupsd.disable("paper jam cleared by staff")  # staff stopped the queue meanwhile
    ui.click(w, "btn_print")
    ui.wait(lambda: w.current_screen_name() == "screen_print_failed", 30_000)
    body = ui.label(w, "print_failed_body").text()
    assert ("打印机暂停服务" in body) if lang == "zh" else ("not taking jobs" in body), body
    ui.shot(w, f"21-print-failed-{lang}")
    ui.click(w, "btn_print_home")
    ui.wait(lambda: w.current_screen_name() in {"screen_home", "screen_attract"})


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_document_changed_after_sealing_is_refused_on_the_screen(
    ui: UiEnv, flow: SelfPrintFlow, server: RunningServer, cupsd: PrivateCupsd, lang: str
) -> None:
    """Through a proxy that changes the PDF's bytes on the way: the list comes back with
    the reason in the banner, nothing reaches the printer."""
    source = flow.source
    assert isinstance(source, PlatformDocuments)
    w = to_list(ui, flow, lang, False)
    cupsd.device_file.unlink(missing_ok=True)  # whatever an earlier test printed
    pdf = source.document_pdf(ZHANG.id_number, LICENCE)  # as the platform sealed it
    altered = pdf.replace(b"%%EOF", b"% one more line\n%%EOF")
    with wire_proxy(server.url) as proxy:
        proxy.rules.append(
            Rewrite("GET", r"/api/v1/persons/\d+/documents/[A-Z0-9-]+/pdf", 200, altered)
        )
        source._client.base_url = proxy.url
        ui.click(w, f"btn_doc_{LICENCE}")
        ui.wait(lambda: str(flow.state) == "choosing" and not flow.session.busy, 10_000)
    assert any("Rewrite" in seen for seen in proxy.seen)
    assert w.current_screen_name() == "screen_print_list"
    said = {"zh": "证照校验未通过", "en": "could not be verified"}[lang]
    assert said in w.banner.text(), w.banner.text()
    ui.shot(w, f"21-print-refused-{lang}")
    assert not cupsd.device_file.exists(), "nothing was printed"
