"""The A4 printer's cups driver against a real CUPS server: a private cupsd in a
temporary directory whose queue writes into a file. A document the platform rendered
comes out of the device as a PDF with its text and a QR that decodes to the platform's
verification page; a stopped queue and a device that takes no data fail the job in the
receipt printer's codes, with a message for the resident, and show on the status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from device_contracts import CompletionCode, DeviceState, PrintDocument
from devices.document_printer.adapter import CupsDocumentPrinter, CupsSettings
from devices.document_printer.private_cupsd import PrivateCupsd, cupsd_available
from devices.document_printer.queue_state import JOB_STUCK, NOT_ANSWERING
from platform_contract.documents import PrintableDocumentListOut
from platform_sim.server import start_in_thread
from tests.platform.helpers import session
from tests.platform.printed_page import page_text_and_qr

pytestmark = pytest.mark.skipif(not cupsd_available(), reason="Debian cups is not installed")

ZHANG = "110112198503121238"
JOB_S = 60.0


@pytest.fixture(scope="module")
def cupsd() -> Iterator[PrivateCupsd]:
    server = PrivateCupsd()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="module")
def licence(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[bytes, str]]:
    """The business licence's PDF as the platform renders it, and its verification URL."""
    platform = start_in_thread(tmp_path_factory.mktemp("platform") / "p.sqlite3")
    try:
        api = platform.url + "/api/v1"
        listed = session().get(f"{api}/persons/{ZHANG}/documents", timeout=10).json()
        doc = next(
            d
            for d in PrintableDocumentListOut.model_validate(listed).documents
            if d.kind == "business_licence"
        )
        pdf = session().get(f"{api}/persons/{ZHANG}/documents/{doc.doc_no}/pdf", timeout=10)
        yield pdf.content, doc.verify_url
    finally:
        platform.stop()


@pytest.fixture
def printer(cupsd: PrivateCupsd) -> Iterator[CupsDocumentPrinter]:
    cupsd.enable()
    # a stuck job is one still there after 2 s here (60 s on a site)
    device = CupsDocumentPrinter(cupsd.url, CupsSettings(job_timeout_s=2.0, poll_s=0.1))
    device.open()
    yield device
    device.close()


def test_a_printed_document_comes_out_with_its_text_and_verification_qr(
    cupsd: PrivateCupsd, printer: CupsDocumentPrinter, licence: tuple[bytes, str]
) -> None:
    pdf, verify_url = licence
    assert printer.status().state is DeviceState.ONLINE
    done = printer.print_document(PrintDocument(pdf, "licence"), JOB_S).result(JOB_S + 5)
    assert done.ok, done
    text, qr = page_text_and_qr(cupsd.printed_pdf())
    assert "营业执照" in text and "张伟" in text
    assert qr == verify_url


def test_a_stopped_queue_refuses_the_job_as_a_printer_not_taking_jobs(
    cupsd: PrivateCupsd, printer: CupsDocumentPrinter, licence: tuple[bytes, str]
) -> None:
    cupsd.disable("toner being changed")
    done = printer.print_document(PrintDocument(licence[0], "licence"), JOB_S).result(JOB_S + 5)
    assert done.code is CompletionCode.DEVICE_NOT_READY and done.message == NOT_ANSWERING
    assert printer.status().state is DeviceState.OFFLINE


def test_a_job_the_device_never_takes_is_cancelled_as_stuck(
    cupsd: PrivateCupsd, printer: CupsDocumentPrinter, licence: tuple[bytes, str]
) -> None:
    cupsd.break_device()
    try:
        done = printer.print_document(PrintDocument(licence[0], "x"), JOB_S).result(JOB_S + 5)
    finally:
        cupsd.device_file.rmdir()
    assert done.code is CompletionCode.HARDWARE_ERROR and done.message == JOB_STUCK
    assert printer.status().state is DeviceState.HARDWARE_ERROR
    # the stuck job was cancelled: the next one prints
    again = printer.print_document(PrintDocument(licence[0], "y"), JOB_S).result(JOB_S + 5)
    assert again.ok, again
