"""The scripted demo tour: a declaration, the clerk's overnight work, and the
pickup of that case's certificate, driven through the real UI, with a PNG of
every screen. Runs offscreen (``QT_QPA_PLATFORM=offscreen``), so it needs no display.

The tour clicks the same buttons a resident would (by object name, see
``kiosk/ui/screens``) and plays the simulated devices' part (placing the card,
closing the doors). What a clerk does between the journeys (approve the case,
load the certificate into a pickup compartment) is done through the platform
simulator's back-office API and the kiosk's platform port, as the clerk
journeys of a later issue will.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop

from device_contracts import FaceStep
from kiosk.demo.back_office import BackOffice, certificate_compartment, certificate_loaded
from kiosk.demo.delivery_tour import choose_delivery
from kiosk.demo.peers import DemoHands
from kiosk.demo.rating_tour import rate_service

if TYPE_CHECKING:
    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices

log = logging.getLogger(__name__)

#: a matter whose materials the simulated document camera's pages fit
TOUR_MATTER = "HJ001"


class TourError(RuntimeError):
    pass


class TourDriver:
    """Clicks, waits and takes numbered screenshots."""

    def __init__(self, window: MainWindow, out_dir: Path, *, default_timeout: float = 20.0) -> None:
        self.window = window
        self.out_dir = out_dir
        self.timeout = default_timeout
        self.shots: list[Path] = []
        out_dir.mkdir(parents=True, exist_ok=True)

    def pump(self, seconds: float = 0.05) -> None:
        end = time.monotonic() + seconds
        while True:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
            if time.monotonic() >= end:
                return
            time.sleep(0.005)

    def wait_until(
        self, what: str, predicate: Callable[[], bool], timeout: float | None = None
    ) -> None:
        deadline = time.monotonic() + (timeout or self.timeout)
        while not predicate():
            if time.monotonic() > deadline:
                raise TourError(
                    f"timed out waiting for {what} (on {self.window.current_screen_name()})"
                )
            self.pump(0.02)
        self.pump(0.1)  # let the screen settle before a picture

    def wait_screen(self, name: str, timeout: float | None = None) -> None:
        self.wait_until(
            f"screen {name}", lambda: self.window.current_screen_name() == f"screen_{name}", timeout
        )

    def click(self, name: str) -> None:
        self.wait_until(f"button {name}", lambda: _enabled(self.window, name))
        self.window.click(name)
        self.pump(0.05)

    def shot_once(self, label: str) -> Path:
        """One picture even where :meth:`shot` takes several (a passing moment)."""
        return self.shot(label)

    def shot(self, label: str) -> Path:
        path = self.out_dir / f"{len(self.shots) + 1:02d}-{label}.png"
        self.window.screenshot(path)
        self.shots.append(path)
        log.info("tour screenshot", extra={"file": path.name})
        return path


def take_card_back(d: TourDriver, hands: DemoHands, label: str = "take-id-card") -> None:
    """The resident takes the ID card off the reader because the screen says so
    (请取回身份证), not before; the prompt goes once the reader reports the card gone."""
    prompt = d.window.card_prompt
    d.wait_until(
        "the take-your-card prompt",
        lambda: prompt.isVisibleTo(d.window) and bool(prompt.text.text()),
    )
    d.shot(label)
    hands.remove_card()
    d.wait_until("the card taken", lambda: not prompt.isVisibleTo(d.window))


def open_the_guide(d: TourDriver) -> None:
    """From the home screen: 申报 and the tour's matter, up to its guide (办事指南)."""
    d.click("btn_home_declare")
    d.wait_screen("choosing_matter", timeout=60)  # the catalogue may still be on its way
    d.click(f"btn_matter_{TOUR_MATTER}")
    d.wait_screen("guide")


def declare_to_materials(d: TourDriver, hands: DemoHands) -> None:
    """From the attract screen: the tour's matter and its guide, the card laid and taken
    back, the face check agreed to, the form filled: on the materials step."""
    d.wait_screen("attract")
    d.click("btn_start")
    d.wait_screen("home")
    open_the_guide(d)
    d.click("btn_guide_continue")
    d.wait_screen("reading_card")
    hands.place_card(0)
    d.wait_screen("face_consent")
    hands.remove_card()
    d.click("btn_consent_agree")
    d.wait_screen("filling_form", timeout=60)
    fill_missing_fields(d)
    d.click("btn_next")
    d.wait_screen("capturing")


def _enabled(window: MainWindow, name: str) -> bool:
    button = window.find_button(name)
    return button is not None and button.isEnabled()


def declare(
    d: TourDriver,
    services: KioskServices,
    *,
    person: int = 0,
    matter_code: str = TOUR_MATTER,
    by_post: bool = False,
    fields: Mapping[str, str] | None = None,
    sign: Callable[[TourDriver], None] | None = None,
    pay: Callable[[TourDriver], None] | None = None,
) -> str:
    """The 24x7 declaration by demo person ``person`` (0: 张伟); returns the case code from
    the done screen's session. Materials the person holds as an electronic licence are
    left to it; the other required ones are captured, deferrable ones deferred.
    ``by_post``: the certificate by post, through the address form (else the locker).
    ``fields``: the matter's own text fields typed; ``sign``: after the form, the
    commitment read and signed (kiosk/demo/commitment.py); ``pay``: after the review, the
    matter's fee paid (kiosk/demo/fee_tour.py)."""
    w = d.window
    hands = DemoHands(services.devices, services.peers)
    d.wait_screen("attract")
    d.shot("attract")
    d.click("btn_start")
    d.wait_screen("home")
    d.shot("home")
    d.click("btn_home_declare")
    # the matter and its guide first (办事指南, 一次性告知), the ID card after
    d.wait_screen("choosing_matter", timeout=60)
    d.shot("choose-matter")
    d.click(f"btn_matter_{matter_code}")
    d.wait_screen("guide")
    d.shot("matter-guide")
    d.click("btn_guide_continue")
    d.wait_screen("reading_card")
    d.shot("place-id-card")
    hands.place_card(person)
    d.wait_screen("face_consent")
    d.shot("face-consent")
    person = hands.face_person()
    d.click("btn_consent_agree")
    face_check(d, person)
    d.wait_screen("filling_form", timeout=60)
    take_card_back(d, hands)  # the identity is confirmed: the card is not needed any more
    d.shot("form-prefilled")
    fill_missing_fields(d, shoot_keyboard=True)
    type_fields(d, fields or {})
    d.shot("form-completed")
    # the plate the resident lays pages on, filmed from the first frame the materials
    # screen shows (the camera runs as soon as the screen is up)
    plate = hands.document_plate()
    try:
        d.click("btn_next")
        if sign is not None:
            sign(d)  # 告知承诺制: the commitment read to its end and signed
        d.wait_screen("capturing")
        d.shot("materials")
        flow = w.declaration
        matter = flow.session.matter
        assert matter is not None
        if plate is not None:
            live_materials(d, flow, plate)
        else:
            for spec in matter.materials:
                if spec.code in flow.session.licences or spec.code in _committed(flow):
                    continue  # 电子证照, or the signed commitment (告知承诺): no paper needed
                if spec.required and not spec.deferrable:
                    before = len(flow.session.pages)
                    d.click(f"btn_capture_{spec.code}")
                    d.wait_until(f"a page of {spec.code}", _more_pages(flow, before), timeout=60)
                elif spec.deferrable:
                    d.click(f"btn_defer_{spec.code}")
    finally:
        hands.release_document_plate()
    d.pump(0.3)
    d.shot("materials-captured")
    d.wait_until("the pages read", lambda: not flow.session.reading, timeout=60)
    d.click("btn_next")
    choose_delivery(d, by_post=by_post)
    d.wait_screen("reviewing")
    d.shot("review")
    d.click("btn_submit")
    if pay is not None:
        pay(d)  # a matter's fee, before the case is submitted
    d.wait_screen("depositing", timeout=60)
    d.shot("drop-compartment-open")
    compartment = flow.session.compartment
    if compartment is not None:
        close_when_open(d, services, compartment.id)
    d.wait_screen("done")
    d.shot("declaration-done")  # with the rating strip (好差评) under it
    rate_service(d, "declaration")
    result = flow.session.result
    assert result is not None
    code = result.code
    d.click("btn_finish")
    d.wait_screen("attract")
    return code


def live_materials(d: TourDriver, flow: Any, plate: Any) -> None:
    """The materials with the document camera live: deferrable ones deferred first, then
    for each required one the resident waits for the screen to ask for a page, lays the
    household register down (the first time lifted: the screen says it is blurred, and
    they lay it flat; the second time with a hand left on it, until the screen says so),
    lets the camera take it by itself, and takes it away when the
    screen says it is taken. ``plate``: from ``DemoHands.document_plate``."""
    from kiosk.demo.capture import asks_for_a_page, says_blurred, says_hand, says_taken

    w = d.window
    s = flow.session
    matter = s.matter
    for spec in matter.materials:
        if spec.code not in s.licences and spec.deferrable:
            d.click(f"btn_defer_{spec.code}")
    committed = _committed(flow)  # the signed commitment stands in for these (告知承诺)
    needed = [
        m
        for m in matter.materials
        if m.required and not m.deferrable and m.code not in s.licences and m.code not in committed
    ]
    preview = w.declaration.screens.capturing.preview
    d.wait_until("the document camera's picture", preview.has_frame, timeout=20)
    for number, spec in enumerate(needed):
        before = len(s.pages)
        d.wait_until("the screen asking for a page", lambda: asks_for_a_page(w), timeout=30)
        if number == 0:
            d.shot("materials-live")
        plate.place(0, blurred=number == 0, hand=number == 1)
        if number == 0:
            d.wait_until("the blurred-page hint", lambda: says_blurred(w), timeout=30)
            d.shot("materials-live-blurred")
            plate.steady()
        elif number == 1:
            d.wait_until("the hand-on-the-page hint", lambda: says_hand(w), timeout=30)
            d.shot("materials-live-hand")
            plate.steady()
        d.wait_until(f"a page of {spec.code}", _more_pages(flow, before), timeout=60)
        if s.pages[-1].material_code != spec.code:
            raise TourError(f"the page went to {s.pages[-1].material_code}, not {spec.code}")
        if number == 0:
            d.wait_until("the page taken, shown large", preview.showing_taken, timeout=5)
            d.shot_once("materials-auto-captured")
        d.wait_until("the screen saying the page is taken", lambda: says_taken(w), timeout=30)
        plate.take_away()


def face_check(d: TourDriver, person: Any, label: str = "face-check") -> list[FaceStep]:
    """The resident in front of the face camera: reads each prompt the screen renders and
    does it (``person``: from ``DemoHands.face_person``), with a screenshot of every new
    prompt over the live picture. Returns the steps the screen asked for."""
    from kiosk.demo.face import ObedientResident

    w = d.window
    d.wait_screen("face_check")

    def shoot(step: FaceStep, _text: str) -> None:
        preview = getattr(w.current_screen(), "preview", None)
        if preview is not None:
            d.wait_until("the camera's picture", preview.has_frame, timeout=10)
        name = f"{label}-{len(resident.seen)}-{step.value}"
        if step is FaceStep.VERIFYING:
            # a moment only: one picture, in the window's language (a second language's
            # shot would catch the next screen)
            d.shot_once(name)
        else:
            d.shot(name)

    resident = ObedientResident(w, person, on_new=shoot)

    def decided() -> bool:
        resident.look()
        return w.current_screen_name() != "screen_face_check"

    d.wait_until("the face check decided", decided, timeout=90)
    return resident.seen


def close_when_open(d: TourDriver, services: KioskServices, compartment_id: str) -> None:
    """The resident shuts the door once it has swung open."""
    hands = DemoHands(services.devices, services.peers)
    d.wait_until(f"door {compartment_id} open", lambda: hands.door_open(compartment_id))
    hands.close_door(compartment_id)


def _committed(flow: Any) -> set[str]:
    return {m.code for m in flow.session.material_check().committed}


def type_fields(d: TourDriver, values: Mapping[str, str]) -> None:
    """The matter's own text fields, typed as the resident types them (empty ones only):
    the words come as the pinyin input method hands them over, committed whole."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QLineEdit

    screen = d.window.current_screen()
    for key, value in values.items():
        edit = screen.findChild(QLineEdit, f"field_{key}")
        if edit is None:
            raise TourError(f"the form has no field {key}")
        if not edit.text():
            edit.setFocus()
            typed = QInputMethodEvent()
            typed.setCommitString(value)
            QCoreApplication.sendEvent(edit, typed)
    if d.window.keyboard.isVisible():  # a tap on a field brought it up: 完成 puts it away
        d.click("btn_osk_done")
    d.pump(0.2)


def _more_pages(flow: Any, before: int) -> Callable[[], bool]:
    return lambda: len(flow.session.pages) > before


def fill_missing_fields(d: TourDriver, *, shoot_keyboard: bool = False) -> None:
    """What the resident types: the phone number on the on-screen keyboard, and a
    choice where none is made. ``shoot_keyboard``: a screenshot with the keyboard up."""
    from PySide6.QtWidgets import QComboBox, QLineEdit

    screen = d.window.current_screen()
    for edit in screen.findChildren(QLineEdit):
        if edit.objectName() == "field_phone" and not edit.text():
            d.window.activateWindow()
            edit.setFocus()  # a tap on the field
            d.wait_until("the on-screen keyboard", lambda: d.window.keyboard.isVisible())
            for digit in "13800138001":
                d.click(f"btn_osk_sym_{digit}")
            if shoot_keyboard:
                d.shot("form-keyboard")
            d.click("btn_osk_done")
    for combo in screen.findChildren(QComboBox):
        if combo.objectName().startswith("field_") and not combo.currentData():
            combo.setCurrentIndex(1)  # item 0 is the "please choose" placeholder
    d.pump(0.2)


def clerk_loads_certificate(services: KioskServices, case_code: str) -> str:
    """Next morning and days later: the back office approves, a clerk loads the
    certificate into a pickup compartment, the platform texts a pickup code."""
    forwarder = services.platform.forwarder
    if forwarder is not None and not forwarder.flush():
        raise TourError("the case is still queued for the platform")
    back_office = BackOffice(services.platform_url)
    back_office.approve(case_code)
    compartment = certificate_compartment(services.ledger, services.devices.lockers, case_code)
    if compartment is None:
        raise TourError("no free pickup compartment")
    services.platform.report_event(
        certificate_loaded(case_code, compartment, "clerk-demo", f"tour-load-{case_code}")
    )
    pickup_code = back_office.pickup_code(case_code)
    if pickup_code is None:
        raise TourError("the platform sent no pickup code")
    return pickup_code


def collect(d: TourDriver, services: KioskServices, pickup_code: str) -> None:
    d.click("btn_start")
    d.wait_screen("home")
    d.click("btn_home_collect")
    d.wait_screen("entering_code")
    d.shot("pickup-code")
    for digit in pickup_code:
        d.click(f"btn_key_{digit}")
    d.shot("pickup-code-typed")
    d.click("btn_key_ok")
    d.wait_screen("collecting")
    d.shot("pickup-door-open")
    ticket = d.window.collection.session.ticket
    assert ticket is not None
    close_when_open(d, services, ticket.compartment_id)
    d.wait_screen("collect_done")
    d.shot("pickup-done")
    rate_service(d, "pickup", "very_satisfied")  # one tap
    d.click("btn_finish")
    d.wait_screen("attract")


def extras(d: TourDriver, services: KioskServices) -> None:
    """Screens off the happy path: a guide read and left without identifying, a failed
    face check, and the idle warning."""
    hands = DemoHands(services.devices, services.peers)
    d.click("btn_start")
    d.wait_screen("home")
    # a resident reads what to bring and leaves: no card, nothing kept
    open_the_guide(d)
    d.click("btn_guide_leave")
    d.wait_screen("home")
    d.shot("guide-left-home")
    open_the_guide(d)
    d.click("btn_guide_continue")
    d.wait_screen("reading_card")
    hands.reject_next_face()
    hands.place_card(1)
    d.wait_screen("face_consent")
    d.click("btn_consent_agree")
    d.wait_screen("face_failed", timeout=60)
    d.shot("face-failed")
    hands.remove_card()
    d.click("btn_face_assist")  # the way round the face check: staff, in person
    d.wait_screen("assisted")
    d.click("btn_assist_call")
    d.pump(0.2)
    d.shot("assisted")
    d.click("btn_cancel")
    d.wait_screen("home")
    d.click("btn_home_progress")
    d.pump(0.2)
    d.shot("progress-query")
