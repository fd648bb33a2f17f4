"""The ``self-print`` tour (打印证照, issue 21 item 3): 张伟 taps 打印证照, lays his ID
card, passes the face check, picks his business licence, sees its first page and prints
it; the page the printer received is read back (its text and the verification QR).
Then another document, the tax proof, while staff have stopped the printer's queue: the
screen says the printer is not taking jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kiosk.demo.tour import TourDriver, TourError, face_check

if TYPE_CHECKING:
    from kiosk.services import KioskServices

#: 张伟 (assets/sample/identities.json, the first person) and two of his documents
PERSON = 0
LICENCE = "YYZZ-91110112-2016-0457"
TAX_PROOF = "WSZM-2025-110112-08812"


class PrinterHands:
    """The A4 printer as the demo plays it: the private cupsd's queue (driver cups), or
    the in-process sim."""

    def __init__(self, services: KioskServices) -> None:
        peers: Any = services.peers
        self.cupsd: Any = peers.document_printer if peers is not None else None
        self.sim: Any = services.devices.extra.get("document_printer")
        if self.cupsd is None and getattr(self.sim, "printed", None) is None:
            raise TourError("this site has no A4 printer the demo can play")

    def last_pdf(self) -> bytes:
        if self.cupsd is not None:
            pdf: bytes = self.cupsd.printed_pdf()
            return pdf
        return bytes(self.sim.printed[-1].pdf)

    def stop(self, stopped: bool) -> None:
        """Staff stop the queue (or start it again); the sim runs out of paper instead."""
        if self.cupsd is not None:
            self.cupsd.disable("stopped by staff") if stopped else self.cupsd.enable()
        else:
            self.sim.paper_out = stopped


def self_print(d: TourDriver, services: KioskServices) -> None:
    from kiosk.demo.peers import DemoHands

    hands = DemoHands(services.devices, services.peers)
    printer = PrinterHands(services)
    if d.window.self_print is None:
        raise TourError("this window has no self-print (no A4 printer configured)")
    d.wait_screen("attract")
    d.click("btn_start")
    d.wait_screen("home")
    d.shot("home")
    d.click("btn_home_print")
    d.wait_screen("reading_card")
    d.shot("print-place-card")
    hands.place_card(PERSON)
    d.wait_screen("face_consent")
    hands.remove_card()
    resident = hands.face_person()
    d.click("btn_consent_agree")
    face_check(d, resident, "print-face")
    d.wait_screen("print_list", timeout=60)
    d.shot("print-list")
    _print(d, LICENCE)
    d.wait_screen("print_done", timeout=90)
    d.shot("print-done")
    _check_printed(printer.last_pdf())
    d.click("btn_print_another")
    d.wait_screen("print_list")
    printer.stop(True)
    try:
        _print(d, TAX_PROOF)
        d.wait_screen("print_failed", timeout=90)
        d.shot("print-failed")
    finally:
        printer.stop(False)
    d.click("btn_print_home")
    d.wait_until(
        "the journey over", lambda: d.window.current_screen_name() != "screen_print_failed"
    )


def _print(d: TourDriver, doc_no: str) -> None:
    d.click(f"btn_doc_{doc_no}")
    d.wait_screen("print_preview", timeout=60)
    d.shot("print-preview")
    d.click("btn_print")


def _check_printed(pdf: bytes) -> None:
    """The page the printer got says what the resident chose, with its QR to verify."""
    from devices.document_printer.printed_page import page_text_and_qr

    text, url = page_text_and_qr(pdf)
    if LICENCE not in text:
        raise TourError("the printed page is not the business licence")
    if "/verify/" not in url:
        raise TourError(f"the printed page's QR does not verify: {url!r}")
