"""The A4 printer's cups driver against a real CUPS server: a private cupsd in a
temporary directory whose queue writes into a file. A document the platform rendered
comes out of the device as a PDF with its text and a QR that decodes to the platform's
verification page; paper out (the queue's printer says media-empty-error), a stopped
queue and a device that takes no data fail the job in the receipt printer's codes, with a message for the resident, and show on the status."""

from __future__ import annotations

import pytest

from device_contracts import CompletionCode, DeviceState, PrintDocument
from devices.document_printer.adapter import CupsDocumentPrinter
from devices.document_printer.printed_page import page_text_and_qr
from devices.document_printer.private_cupsd import PrivateCupsd
from devices.document_printer.queue_state import JOB_STUCK, NOT_ANSWERING, PAPER_OUT
from platform_contract.documents import PrintableDocumentListOut
from platform_sim.server import RunningServer
from tests.devices import cups_peer
from tests.platform import conftest as platform_fixtures
from tests.platform.helpers import session

pytestmark = cups_peer.needs_cupsd
#: the fixtures of the real peers: a private cupsd and the driver on it, the simulator
cupsd, printer, server = cups_peer.cupsd, cups_peer.printer, platform_fixtures.server
store = platform_fixtures.sqlite_store  # the simulator on SQLite: the printer is tested here

ZHANG = "110112198503121238"
JOB_S = 60.0


@pytest.fixture(scope="module")
def licence(server: RunningServer) -> tuple[bytes, str]:
    """The business licence's PDF as the platform renders it, and its verification URL."""
    api = server.url + "/api/v1"
    listed = session().get(f"{api}/persons/{ZHANG}/documents", timeout=10).json()
    documents = PrintableDocumentListOut.model_validate(listed).documents
    doc = next(d for d in documents if d.kind == "business_licence")
    pdf = session().get(f"{api}/persons/{ZHANG}/documents/{doc.doc_no}/pdf", timeout=10)
    return pdf.content, doc.verify_url


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


def test_paper_out_is_said_as_paper_out_and_a_refill_prints_again(
    cupsd: PrivateCupsd, printer: CupsDocumentPrinter, licence: tuple[bytes, str]
) -> None:
    """The queue's printer reports ``media-empty-error`` (its paper sensor): the job fails
    as the receipt printer's does without paper, the status says so; refilled, it prints."""
    cupsd.run_out_of_paper()
    try:
        done = printer.print_document(PrintDocument(licence[0], "x"), JOB_S).result(JOB_S + 5)
        assert done.code is CompletionCode.NO_MEDIA and done.message == PAPER_OUT
        assert printer.status().state is DeviceState.HARDWARE_ERROR
        assert printer.status().message == PAPER_OUT
    finally:
        cupsd.refill_paper()
    again = printer.print_document(PrintDocument(licence[0], "y"), JOB_S).result(JOB_S + 5)
    assert again.ok, again
    assert printer.status().state is DeviceState.ONLINE


def test_a_job_the_device_never_takes_is_cancelled_as_stuck(
    cupsd: PrivateCupsd, licence: tuple[bytes, str]
) -> None:
    cupsd.enable()
    device = cups_peer.cups_printer(cupsd, job_timeout_s=2.0)  # stuck after 2 s (60 on a site)
    cupsd.break_device()
    try:
        done = device.print_document(PrintDocument(licence[0], "x"), JOB_S).result(JOB_S + 5)
    finally:
        cupsd.device_file.rmdir()
    assert done.code is CompletionCode.HARDWARE_ERROR and done.message == JOB_STUCK
    assert device.status().state is DeviceState.HARDWARE_ERROR
    # the stuck job was cancelled: the next one prints
    again = device.print_document(PrintDocument(licence[0], "y"), JOB_S).result(JOB_S + 5)
    assert again.ok, again
    device.close()
