"""``kiosk demo --tour DIR --journey NAME``: one journey through the real UI, a PNG
of every screen in Chinese and in English (``--large-text`` for the large-text
mode). What happens between journeys (a resident declared last night, the back
office approved) is seeded through the platform port and the simulator's
back-office API, so each journey starts from where it would on site.
"""

from __future__ import annotations

import base64
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from device_contracts import CompartmentRole, CompartmentSize, Image
from flows.domain import Applicant, CaseDraft, CaseEvent, CaseEventKind, FieldKind
from kiosk.demo import JOURNEYS
from kiosk.demo.back_office import BackOffice
from kiosk.demo.commitment import commitment
from kiosk.demo.fee_tour import fee
from kiosk.demo.help import help_called, help_off_duty
from kiosk.demo.intake import intake
from kiosk.demo.self_print import self_print
from kiosk.demo.tour import (
    TOUR_MATTER,
    TourDriver,
    TourError,
    close_when_open,
    collect,
    declare,
    face_check,
    take_card_back,
)
from kiosk.demo.utility_payment import utility_payment
from kiosk.demo.video_call import video_call
from kiosk.paths import SAMPLE_IDENTITIES

if TYPE_CHECKING:
    from kiosk.services import KioskServices


CLERK_CARD, CLERK_PIN = "04A1B2C3D4E5F6", "246810"
TECH_CARD, TECH_PIN = "04FFEE0011223344", "135790"
GESTURE_PIN = "900100"
#: a one-pixel PNG: seeded cases need a page per material, not a readable one
_PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class BilingualDriver(TourDriver):
    """Every shot twice: in the window's language and in the other one."""

    def shot_once(self, label: str) -> Any:
        """In the window's language only."""
        return TourDriver.shot(self, f"{label}-{self.window.lang}")

    def shot(self, label: str) -> Any:
        w = self.window
        first = w.lang
        path = super().shot(f"{label}-{first}")
        w.set_lang("en" if first == "zh" else "zh")
        self.pump(0.05)
        super().shot(f"{label}-{w.lang}")
        w.set_lang(first)
        self.pump(0.02)
        return path


def journey_steps() -> dict[str, Callable[[TourDriver, KioskServices], None]]:
    """Each journey's name and the steps that walk it."""
    return {
        "declare": lambda d, s: _declare(d, s),
        "collect": _collect,
        "clerk-retrieve": clerk_retrieve,
        "clerk-load": clerk_load,
        "technician": technician,
        "appointment": appointment,
        "progress": progress,
        "pickup-by-id": pickup_by_id,
        "intake": intake,
        "video-call": video_call,
        "self-print": self_print,  # 打印证照 (kiosk/demo/self_print.py)
        "commitment": commitment,  # 告知承诺制 (kiosk/demo/commitment.py)
        "utility-payment": utility_payment,  # 便民缴费 (kiosk/demo/utility_payment.py)
        "fee": fee,  # a matter's fee, 居民身份证补领 40 元 (kiosk/demo/fee_tour.py)
    }


def run_journey(d: TourDriver, services: KioskServices, journey: str) -> None:
    steps = journey_steps()
    if journey not in steps:
        raise TourError(f"no journey {journey!r}; choose one of {', '.join(JOURNEYS)}")
    steps[journey](d, services)


# ----------------------------------------------------------------------- seeding


def _person(index: int) -> dict[str, str]:
    people: list[dict[str, str]] = json.loads(SAMPLE_IDENTITIES.read_text(encoding="utf-8"))[
        "people"
    ]
    return people[index]


def seed_case(services: KioskServices, *, person: int = 0, deposit: bool = True) -> str:
    """A declaration made last night at this kiosk (through the platform port), its
    originals in a drop compartment. Returns the case code."""
    catalog = services.platform.catalog()
    matter = catalog.matter(TOUR_MATTER)
    p = _person(person)
    form: dict[str, str] = {}
    for f in matter.fields:
        if f.kind is FieldKind.CHOICE:
            form[f.key] = f.choices[0].zh if f.choices else ""
        elif f.kind is FieldKind.DATE:
            form[f.key] = "2026-12-01"
        elif f.kind is FieldKind.PHONE:
            form[f.key] = p.get("phone", "13800138001")
        elif f.prefill == "card.name":
            form[f.key] = p["name"]
        elif f.prefill == "card.id_number":
            form[f.key] = p["id_number"]
        else:
            form[f.key] = "北京市通州区运河东大街57号"
    page = Image(_PIXEL, "image/png", 1, 1)
    from flows.domain import MaterialPage

    draft = CaseDraft(
        idempotency_key=uuid.uuid4().hex,
        terminal_id=services.terminal_id,
        matter_code=matter.code,
        applicant=Applicant(
            name=p["name"],
            id_number=p["id_number"],
            gender=p.get("gender", "male"),
            birth_date=p.get("birth_date", "1985-03-12"),
            address=p.get("address", "北京市通州区"),
        ),
        form=form,
        pages=tuple(
            MaterialPage(m.code, page) for m in matter.materials if m.required and not m.deferrable
        ),
        deferred_materials=tuple(m.code for m in matter.materials if m.deferrable),
    )
    result = services.platform.submit_case(draft)
    if result.provisional:
        raise TourError("the platform simulator did not accept the seeded case")
    if deposit:
        compartment = services.ledger.allocate(
            services.devices.lockers.compartments(),
            CompartmentRole.DROP,
            matter.drop_size,
            result.code,
        )
        if compartment is None:
            raise TourError("no free drop compartment to seed")
        services.platform.report_event(
            CaseEvent(
                CaseEventKind.MATERIALS_DEPOSITED,
                result.code,
                compartment_id=compartment.id,
                event_id=uuid.uuid4().hex,
            )
        )
    return result.code


def approve(services: KioskServices, case_code: str, load_compartment: str | None = None) -> None:
    BackOffice(services.platform_url).approve(case_code, load_compartment)


def ready_for_pickup(services: KioskServices, *, person: int = 0) -> tuple[str, str]:
    """A case whose certificate a clerk loaded into a pickup compartment: (code, compartment)."""
    code = seed_case(services, person=person)
    compartment = services.ledger.allocate(
        services.devices.lockers.compartments(), CompartmentRole.PICKUP, CompartmentSize.S, code
    )
    if compartment is None:
        raise TourError("no free pickup compartment")
    approve(services, code, load_compartment=compartment.id)
    return code, compartment.id


# ----------------------------------------------------------------------- helpers


class Hands:
    """What a person does at the demo kiosk, whatever drivers the site runs."""

    def __init__(self, services: KioskServices) -> None:
        from kiosk.demo.peers import DemoHands

        self.services = services
        self.peers: Any = services.peers
        self.hands = DemoHands(services.devices, services.peers)
        self.place_card = self.hands.place_card
        self.remove_card = self.hands.remove_card
        self.close_door = self.hands.close_door
        self.door_open = self.hands.door_open
        self.reject_next_face = self.hands.reject_next_face

    def _where(self, compartment_id: str) -> tuple[int, int]:
        for c in self.services.devices.lockers.compartments():
            if c.id == compartment_id:
                return c.board, c.channel
        raise TourError(f"no compartment {compartment_id}")

    def jam(self, compartment_id: str, on: bool = True) -> None:
        if self.peers is not None and self.peers.boards is not None:
            board, channel = self._where(compartment_id)
            (self.peers.boards.jam if on else self.peers.boards.clear_jam)(board, channel)
        else:
            lockers: Any = self.services.devices.lockers
            (lockers.jam if on else lockers.clear_jam)(compartment_id)

    def scan(self, text: str) -> None:
        if self.peers is not None and self.peers.scanner is not None:
            self.peers.scanner.show(text)
        else:
            scanner: Any = self.services.devices.qr_scanner
            scanner.inject(text)


def _home(d: TourDriver, tile: str, *, shoot: bool = False) -> None:
    if d.window.current_screen_name() != "screen_home":
        d.wait_screen("attract")
        if shoot:
            d.shot("attract")
        d.click("btn_start")
        d.wait_screen("home")
    if shoot:
        d.shot("home")
    d.click(f"btn_home_{tile}")


def _type_pin(d: TourDriver, pin: str) -> None:
    for digit in pin:
        d.click(f"btn_key_{digit}")


def _login(d: TourDriver, services: KioskServices, card: str, pin: str) -> None:
    d.wait_screen("attract")
    d.click("btn_staff")
    d.wait_screen("staff_card")
    d.shot("staff-card")
    reader: Any = services.staff_reader
    reader.present(card)
    d.wait_screen("staff_pin")
    _type_pin(d, pin)
    d.shot("staff-pin")
    d.click("btn_key_ok")
    reader.remove()
    d.wait_screen("staff_menu")
    d.shot("staff-menu")


def _logout(d: TourDriver) -> None:
    d.wait_screen("staff_menu")
    d.click("btn_staff_logout")
    d.wait_screen("attract")


def _staff_state(d: TourDriver) -> str:
    staff = d.window.staff
    return str(staff.flow.state) if staff is not None else ""


# ----------------------------------------------------------------------- journeys


def _declare(d: TourDriver, services: KioskServices) -> None:
    # the declaration's tour shows the post (物流服务): the address form, one thing typed
    declare(d, services, by_post=True)


def _collect(d: TourDriver, services: KioskServices) -> None:
    code, _ = ready_for_pickup(services)
    pickup = _pickup_code(services, code)
    collect(d, services, pickup)


def _pickup_code(services: KioskServices, case_code: str) -> str:
    code = BackOffice(services.platform_url).pickup_code(case_code)
    if code is None:
        raise TourError("the platform sent no pickup code")
    return code


def clerk_retrieve(d: TourDriver, services: KioskServices) -> None:
    """Next morning: the clerk empties the drop compartments and prints the slip."""
    first = seed_case(services, person=0)
    second = seed_case(services, person=1)
    _login(d, services, CLERK_CARD, CLERK_PIN)
    d.click("btn_staff_retrieve")
    d.wait_screen("retrieval")
    d.shot("retrieval-list")
    staff: Any = d.window.staff
    items = {i.case_ref: i.compartment_id for i in staff.flow.session.items}
    for case, outcome in ((first, "taken"), (second, "missing")):
        compartment = items[case]
        d.click(f"btn_open_{compartment}")
        d.wait_screen("drop_open")
        d.shot(f"drop-open-{compartment}")
        d.click(f"btn_{outcome}")
        d.wait_screen("closing_drop")
        close_when_open(d, services, compartment)
        d.wait_screen("retrieval")
    d.shot("retrieval-done")
    d.click("btn_finish_retrieval")
    d.wait_screen("staff_menu")
    _logout(d)


def clerk_load(d: TourDriver, services: KioskServices) -> None:
    """A certificate came back approved: load it; the first door is jammed."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLineEdit

    code = seed_case(services, person=2)
    approve(services, code)
    hands = Hands(services)
    hands.jam("B01")
    try:
        _login(d, services, CLERK_CARD, CLERK_PIN)
        d.click("btn_staff_load")
        d.wait_screen("load_case")
        edit = d.window.current_screen().findChild(QLineEdit, "field_case_code")
        assert edit is not None
        QTest.keyClicks(edit, code)
        d.pump(0.1)
        d.shot("load-case")
        d.click("btn_load_ok")
        d.wait_screen("loading_door", timeout=30)
        d.shot("loading-door-reassigned")
        staff: Any = d.window.staff
        compartment = staff.flow.session.compartment
        assert compartment is not None
        close_when_open(d, services, compartment.id)
        d.wait_screen("loaded")
        d.shot("loaded")
        d.click("btn_back")
        _logout(d)
    finally:
        hands.jam("B01", on=False)


def technician(d: TourDriver, services: KioskServices) -> None:
    """The hidden gesture + maintenance PIN, status, live tests."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    hands = Hands(services)
    d.wait_screen("attract")
    for _ in range(5):
        QTest.mouseClick(d.window.header.emblem, Qt.MouseButton.LeftButton)
    d.wait_screen("staff_pin")
    d.shot("gesture-pin")
    _type_pin(d, GESTURE_PIN)
    d.click("btn_key_ok")
    d.wait_screen("staff_menu")
    d.shot("technician-menu")
    d.click("btn_staff_maintain")
    d.wait_screen("maintenance")
    staff: Any = d.window.staff
    d.wait_until("status checks", lambda: bool(staff.flow.session.checks))
    d.shot("status")
    for test in ("print", "door", "camera", "card"):
        d.click(f"btn_test_{test}")
        if test == "card":
            hands.place_card(0)
        d.wait_until(f"test {test}", _test_done(staff, test))
        if test == "card":
            hands.remove_card()
    d.shot("live-tests")
    if d.window.find_button("btn_setup") is not None:  # site setup (a config file to edit)
        d.click("btn_setup")
        d.wait_screen("site_setup")
        d.wait_until("site config loaded", lambda: staff.flow.session.setup is not None)
        d.shot("site-setup")
        d.click("btn_setup_lockers")
        d.click("btn_cell_2_1")
        d.shot("locker-map")
        d.click("btn_back")
        d.wait_screen("maintenance")
    d.click("btn_back")
    _logout(d)


def _test_done(staff: Any, test: str) -> Callable[[], bool]:
    def done() -> bool:
        return any(k.value == test and not r.running for k, r in staff.flow.session.tests.items())

    return done


def appointment(d: TourDriver, services: KioskServices) -> None:
    """The appointment QR opens the booked matter, pre-filled."""
    from platform_sim.seed import APPOINTMENTS

    token, person, _, _ = APPOINTMENTS[0]
    hands = Hands(services)
    # yesterday's booking first: refused by the platform's rule, no check-in offered
    past = next(tok for tok, _, _, at in APPOINTMENTS if at.startswith("-1T"))
    _home(d, "appointment", shoot=True)
    d.wait_screen("identifying")
    hands.scan(past)
    d.wait_screen("appointment_results")
    d.wait_until("the rule shown", lambda: d.window.find_button(f"btn_checkin_{past}") is None)
    d.shot("appointment-past-refused")
    d.click("btn_cancel")
    d.wait_screen("home")
    d.click("btn_home_appointment")
    d.wait_screen("identifying")
    d.shot("appointment-scan")
    hands.scan(token)
    d.wait_screen("appointment_results")
    d.shot("appointment-found")
    d.click(f"btn_checkin_{token}")
    d.wait_screen("reading_card")
    hands.place_card(person)
    d.wait_screen("face_consent")
    resident = hands.hands.face_person()
    d.click("btn_consent_agree")  # the face check only with the resident's consent
    face_check(d, resident, "appointment-face")
    d.wait_screen("filling_form", timeout=30)
    hands.remove_card()
    d.shot("appointment-form-prefilled")
    d.click("btn_cancel")
    d.wait_screen("home")


def progress(d: TourDriver, services: KioskServices) -> None:
    """Progress by the receipt's QR, then by ID card."""
    code = seed_case(services, person=0)
    approve(services, code)
    _home(d, "progress", shoot=True)
    d.wait_screen("identifying")
    d.shot("progress-scan")
    hands = Hands(services)
    hands.scan(code)
    d.wait_screen("progress_results")
    d.shot("progress-by-qr")
    d.click("btn_again")
    d.wait_screen("identifying")
    hands.place_card(0)
    d.wait_screen("progress_results")
    d.shot("progress-by-card")
    # the results wait for the card: taken when the screen asks, finish once it is gone
    take_card_back(d, hands.hands, "progress-take-id-card")
    d.click("btn_finish")
    d.wait_screen("attract")


def pickup_by_id(d: TourDriver, services: KioskServices) -> None:
    """Pickup with the ID card instead of the code: once with the face check (the
    resident consents), once without it (staff check the card in person and confirm it
    with their staff card; the first PIN is mistyped), once after three failed face
    checks (staff again)."""
    pickup_by_id_face(d, services)
    pickup_by_id_assisted(d, services, wrong_pin_first=True)
    pickup_by_id_face_failed(d, services)


def _pickup_card_read(d: TourDriver, services: KioskServices, person: int, *, shoot: bool) -> Hands:
    """From the attract screen to the consent question of a pickup by ID card."""
    _home(d, "collect", shoot=shoot)
    d.wait_screen("entering_code")
    if shoot:
        d.shot("pickup-keypad")
    d.click("btn_use_card")
    d.wait_screen("reading_card")
    if shoot:
        d.shot("pickup-place-card")
    hands = Hands(services)
    hands.place_card(person)
    d.wait_screen("face_consent")
    hands.remove_card()
    return hands


def _pickup_done(d: TourDriver, hands: Hands, compartment: str, label: str) -> None:
    d.wait_screen("collecting", timeout=30)
    d.shot(f"{label}-door-open")
    d.wait_until(f"door {compartment}", lambda: hands.door_open(compartment))
    hands.close_door(compartment)
    d.wait_screen("collect_done")
    d.shot(f"{label}-done")
    d.click("btn_finish")
    d.wait_screen("attract")


def pickup_by_id_face(d: TourDriver, services: KioskServices, *, person: int = 0) -> str:
    """Pickup by ID card with the resident's consent to the face check; returns the case."""
    code, compartment = ready_for_pickup(services, person=person)
    hands = _pickup_card_read(d, services, person, shoot=True)
    d.shot("pickup-face-consent")
    resident = hands.hands.face_person()
    d.click("btn_consent_agree")
    face_check(d, resident, "pickup-face")
    _pickup_done(d, hands, compartment, "pickup")
    return code


def pickup_by_id_assisted(
    d: TourDriver,
    services: KioskServices,
    *,
    person: int = 1,
    wrong_pin_first: bool = False,
    give_up: bool = False,
) -> str:
    """Pickup by ID card without the face check: the resident declines, calls staff, a
    clerk confirms with staff card + PIN and the compartment opens. ``wrong_pin_first``:
    the clerk mistypes once (the screen says so); ``give_up``: after the wrong PIN the
    resident ends instead, and nothing opens. Returns the case code."""
    code, compartment = ready_for_pickup(services, person=person)
    hands = _pickup_card_read(d, services, person, shoot=False)
    d.click("btn_consent_decline")
    d.wait_screen("assisted")
    d.shot("pickup-assisted")
    if not give_up:
        help_off_duty(d, "pickup")  # the same button at night
    if _staff_confirms(d, services, "pickup", wrong_pin_first=wrong_pin_first, give_up=give_up):
        _pickup_done(d, hands, compartment, "pickup-assisted")
    return code


def pickup_by_id_face_failed(d: TourDriver, services: KioskServices, *, person: int = 3) -> str:
    """Pickup by ID card where the face check fails on every try (a printed photo held up
    to the camera): the last failed try offers staff help, a clerk confirms with staff
    card + PIN and the compartment opens. Returns the case code."""
    code, compartment = ready_for_pickup(services, person=person)
    hands = _pickup_card_read(d, services, person, shoot=False)
    flow: Any = d.window.collection.flow
    hands.reject_next_face(times=flow.settings.face_attempts)  # every try fails
    d.click("btn_consent_agree")
    d.wait_screen("face_failed", timeout=120)
    d.shot("pickup-face-failed")
    d.click("btn_face_assist")
    d.wait_screen("assisted")
    _staff_confirms(d, services, "pickup-face-failed")
    _pickup_done(d, hands, compartment, "pickup-face-failed")
    return code


def _staff_confirms(
    d: TourDriver,
    services: KioskServices,
    label: str,
    *,
    wrong_pin_first: bool = False,
    give_up: bool = False,
) -> bool:
    """On the assisted page: the resident calls staff, a clerk lays the staff card on the
    reader and types the PIN. False when the resident gave up instead (``give_up``)."""
    d.click("btn_assist_call")
    help_called(d, services, label)  # the call reaches the back office, and its answer
    d.shot(f"{label}-assisted-called")
    d.click("btn_assist_continue")
    d.wait_screen("assist_card")
    d.shot(f"{label}-staff-card")
    reader: Any = services.staff_reader
    reader.present(CLERK_CARD)
    d.wait_screen("assist_pin")
    reader.remove()
    flow: Any = d.window.collection.flow
    if wrong_pin_first or give_up:
        _type_pin(d, "111111")
        d.click("btn_key_ok")
        d.wait_until("the wrong PIN refused", lambda: flow.session.message is not None)
        d.shot(f"{label}-staff-pin-wrong")
    if give_up:
        d.click("btn_cancel")
        d.wait_screen("home")
        return False
    _type_pin(d, CLERK_PIN)
    d.shot(f"{label}-staff-pin")
    d.click("btn_key_ok")
    return True
