"""DeclarationPresenter: the declaration flow's state -> its screen, taps -> flow methods."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from device_contracts import IdentityCard, Text
from flows.evaluation import RatedJourney
from flows.message_kind import kind_of
from flows.ocr import page_type_fits
from flows.prefill import chip_fields
from kiosk.flow_api import DeclarationFlowPort, DeclarationSessionView
from kiosk.presenters.assisted import BACK_TO_CONSENT, STAFF_STATES
from kiosk.presenters.assisted import STATES as ASSISTED_STATES
from kiosk.presenters.commitment import (
    committed_codes,
    connect_commitment,
    materials_to_capture,
    render_commitment,
    signed,
)
from kiosk.presenters.delivery import connect_delivery, done_line, render_delivery, review_line
from kiosk.presenters.journey import JourneyPresenter, JourneyScreens
from kiosk.presenters.payment import CANCELLABLE as PAY_CANCELLABLE
from kiosk.presenters.payment import MACHINE_BUSY as PAY_BUSY
from kiosk.presenters.payment import STATES as PAY_STATES
from kiosk.presenters.payment import PaymentPart, PaymentScreens, paid_line
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.capture import CaptureScreen
from kiosk.ui.screens.commitment import CommitmentScreen, SigningScreen
from kiosk.ui.screens.delivery import DeliveryAddressScreen, DeliveryChoiceScreen
from kiosk.ui.screens.deposit import DepositScreen
from kiosk.ui.screens.done import DoneScreen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.screens.matter import MatterScreen
from kiosk.ui.screens.review import ReviewScreen

# the matter and its guide come first: a resident may read them and leave unidentified
STEPS = (
    "step.matter",
    "step.identity",
    "step.form",
    "step.materials",
    "step.review",
    "step.deposit",
    "step.receipt",
)

STEP_OF = {
    "choosing_matter": 0,
    "guide": 0,
    "reading_card": 1,
    **dict.fromkeys(ASSISTED_STATES, 1),
    "face_check": 1,
    "face_failed": 1,
    "filling_form": 2,
    "commitment": 3,  # the commitment stands in for materials: their step
    "signing": 3,
    "capturing": 3,
    "choosing_delivery": 4,
    "delivery_address": 4,
    "reviewing": 4,
    "submitting": 4,
    **dict.fromkeys(PAY_STATES, 4),  # a matter's fee, after the review (issue 23)
    "depositing": 5,
    "printing": 6,
    "done": 7,  # past the last step: every step ticked
}

#: (back, cancel) in the footer per state; no cancel once the case is submitted
FOOTER = {
    "choosing_matter": (False, True),
    # back: to the list of matters; leaving is the guide's own 返回首页
    "guide": (True, True),
    "reading_card": (False, True),
    "face_consent": (False, True),
    "assisted": (False, True),
    # the staff confirmation: back is the staff member's cancel (to the consent question)
    **dict.fromkeys(BACK_TO_CONSENT, (True, True)),
    "assist_locked": (False, True),
    "face_check": (False, True),
    "face_failed": (False, True),
    "filling_form": (True, True),
    "commitment": (True, True),
    "signing": (True, True),
    "capturing": (True, True),
    "choosing_delivery": (True, True),
    "delivery_address": (True, True),
    "reviewing": (True, True),
    # the fee's payment: leaving cancels the trade under way (the flow's part)
    **dict.fromkeys(PAY_CANCELLABLE, (False, True)),
}

#: states whose screen is (re)built from the session when entered: filled while hidden,
#: then polished and laid out in an event-loop turn of its own, then shown. Building, laying
#: out and showing the form in the one turn took the GUI thread 30-45 ms (issue 5)
SETTLE_FIRST = frozenset({"filling_form", "capturing", "reviewing"})

#: states where the machine, not the resident, is working: no idle reset then
MACHINE_BUSY = frozenset({"submitting", "printing"}) | PAY_BUSY


class DeclarationScreens(JourneyScreens):
    def __init__(self) -> None:
        super().__init__()
        self.choosing_matter = MatterScreen()
        self.guide = GuideScreen()
        self.filling_form = FormScreen()
        self.commitment = CommitmentScreen()
        self.signing = SigningScreen()
        self.capturing = CaptureScreen()
        self.choosing_delivery = DeliveryChoiceScreen()
        self.delivery_address = DeliveryAddressScreen()
        self.reviewing = ReviewScreen()
        self.submitting = BusyScreen("submitting", "submitting.title", "submitting.body")
        self.depositing = DepositScreen()
        self.printing = BusyScreen("printing", "printing.title", "printing.body")
        self.done = DoneScreen()
        self.payment = PaymentScreens()  # a matter's fee (issue 23)

    def for_state(self, state: str) -> QWidget | None:
        return self.payment.for_state(state) or super().for_state(state)


class DeclarationPresenter(JourneyPresenter[DeclarationFlowPort, DeclarationScreens]):
    """Drives the declaration screens from ``flow``; call :meth:`begin` to start a journey."""

    machine_busy = MACHINE_BUSY

    def __init__(
        self, flow: DeclarationFlowPort, shell: Shell, screens: DeclarationScreens | None = None
    ) -> None:
        self._settling: str | None = None
        #: camera pages of this session already announced (``voice.page_taken``)
        self._pages_said = 0
        self._payment = PaymentPart(flow, self.cancel)
        super().__init__(flow, shell, screens or DeclarationScreens.build())

    # -- lifecycle -------------------------------------------------------------------
    def attach(self, screens: DeclarationScreens) -> None:
        """Use freshly built screens (after a theme change) and render into them."""
        self._settling = None  # a pending show would show a screen of the old, deleted set
        super().attach(screens)

    def begin(
        self, *, matter_code: str | None = None, card: IdentityCard | None = None, id_tail: str = ""
    ) -> None:
        """Start a declaration; an appointment check-in passes the booked matter (and card)."""
        self.active = True
        self._to_attract = True
        if str(self.flow.state) == "idle":
            if matter_code is None and card is None and not id_tail:
                self.flow.start()
            else:
                self.flow.start(matter_code=matter_code, card=card, id_tail=id_tail)
        self.refresh()

    @property
    def session(self) -> DeclarationSessionView:
        """The flow's current session (read it fresh: a reset replaces it)."""
        return self.flow.session

    # -- footer and idle ---------------------------------------------------------------------
    def back(self) -> None:
        if not self._assisted.back():
            self.flow.back()

    # -- rendering -------------------------------------------------------------------------
    def refresh(self) -> None:
        if self.active and self._settling not in (None, self.state):
            self._settling = None  # the state moved on: the pending show is dropped
        super().refresh()

    def _render_state(self, state: str, previous: str) -> None:
        s = self.flow.session
        screen = self.screens.for_state(state)
        if state == "choosing_matter" and s.booked:
            # an appointment: its matter is taken as soon as the catalogue is here; the
            # card screen says "a moment" meanwhile, not the list of every matter
            screen = self.screens.reading_card
        if screen is None:
            return
        if state in ASSISTED_STATES:
            self._assisted.render(self.screens.assist, state, previous)
        self._render(state, s)
        if self._settling == state:
            return  # still being laid out: the pending show uses the session then
        if state in SETTLE_FIRST and screen.isHidden():
            self._show_after_settling(state, screen)
            return
        self._show(state, s, screen)

    def _show_after_settling(self, state: str, screen: QWidget) -> None:
        """Show ``screen``, just filled while hidden, two event-loop turns later: the next
        turn polishes and lays it out, the one after switches to it with the footer, steps
        and banner (together, so no frame shows the new chrome over the old screen).
        Dropped if the state moves on meanwhile (see :meth:`refresh`)."""
        self._settling = state

        def settle() -> None:
            if self._settling != state:
                return
            screen.ensurePolished()
            layout = screen.layout()
            if layout is not None:
                layout.activate()
            QTimer.singleShot(0, show)

        def show() -> None:
            if self._settling != state:
                return
            self._settling = None
            if self.active and self.state == state:
                self._show(state, self.flow.session, screen)

        QTimer.singleShot(0, settle)

    def _show(self, state: str, s: DeclarationSessionView, screen: QWidget) -> None:
        back, cancel = FOOTER.get(state, (False, False))
        self.shell.set_footer(back=back, cancel=cancel)
        # the staff confirmation is the staff member's part, not a resident's step: no step
        # bar, which also leaves the PIN keypad room in large text with a banner shown
        self.shell.set_steps(() if state in STAFF_STATES else STEPS, STEP_OF.get(state, 0))
        banner = self._banner(state, s)
        self.shell.show_message(banner, kind_of(banner))  # a clerk's note is no error
        self.shell.show_screen(screen)

    def _banner(self, state: str, s: DeclarationSessionView) -> Text | None:
        # instructions that the screen itself shows are not errors
        if state == "depositing" and s.compartment is not None:
            return None
        if state in {"done", "face_failed"}:  # the page itself says it
            return None
        if state in ASSISTED_STATES:
            return self._assisted.banner(state, s)
        if state in PAY_STATES:
            return self._payment.banner(s.payment)
        return s.message

    def _render(self, state: str, s: DeclarationSessionView) -> None:
        sc = self.screens
        if s.catalog is not None and state != "choosing_matter":
            # built as soon as the catalogue arrives (at the start), not when the
            # screen is switched to: 78 buttons built and laid out in the same turn as the
            # switch took the GUI thread 30-50 ms (kiosk bench gui)
            sc.choosing_matter.prepare(s.catalog)
        self._face.render(sc.face_check, state)
        render_commitment(state, s, sc.commitment, sc.signing)
        render_delivery(state, s, sc.choosing_delivery, sc.delivery_address)
        self._payment.render(sc.payment, state, s.payment)
        if state == "reading_card":
            sc.reading_card.show_state(failed=s.message is not None, busy=s.busy)
        elif state == "face_failed":
            sc.face_failed.show_reason(s.message)
            sc.face_failed.show_attempts(s.face_attempts_left)
        elif state == "choosing_matter" and s.booked:
            sc.reading_card.show_state(failed=s.message is not None, busy=s.busy)
        elif state == "choosing_matter":
            sc.choosing_matter.set_catalog(s.catalog)
            sc.choosing_matter.show_loading(busy=s.busy, failed=s.catalog is None and not s.busy)
        elif state == "guide":
            sc.guide.show_guide(s.matter)
        elif state == "filling_form":
            sc.filling_form.show_form(
                s.matter,
                s.form,
                s.field_errors,
                s.read_values,
                locked=chip_fields(s.matter.fields, s.card) if s.matter else frozenset(),
            )
        elif state == "capturing":
            sc.capturing.show_materials(
                materials_to_capture(s),
                s.pages,
                s.deferred,
                s.capturing,
                s.readings,
                s.reading,
                licensed=frozenset(s.licences),
            )
            self._render_live(s)
        elif state == "reviewing":
            sc.reviewing.show_review(
                s.matter,
                s.form,
                s.pages,
                s.deferred,
                s.read_values,
                staff_checked=s.identity_check == "staff",
                licensed=frozenset(s.licences),
                delivery=review_line(s),
                commitment=signed(s),
            )
        elif state == "depositing":
            cid = s.compartment.id if s.compartment else None
            sc.depositing.show_deposit(
                cid,
                busy=s.busy,
                hint=s.message if cid else None,
                can_skip=cid is None and not s.busy,
            )
        elif state == "done":
            # as the flow counted them: paper first, then a licence, then a deferral
            paper = {p.material_code for p in s.pages}
            materials = s.matter.materials if s.matter else ()
            licensed = [m for m in materials if m.code in s.licences and m.code not in paper]
            deferred = [
                m
                for m in materials
                if m.code in s.deferred and m.code not in paper and m.code not in s.licences
            ]
            sc.done.show_result(
                s.result,
                s.compartment.id if s.compartment else None,
                deferred,
                qr=s.receipt.qr if s.receipt else None,
                receipt_failed=s.receipt_failed,
                licensed=licensed,
                committed=[m for m in materials if m.code in committed_codes(s)],
                delivery=done_line(s),
                paid=paid_line(s.payment),
            )
            if self.evaluation is not None:  # 好差评: an appointment's declaration is its own
                journey = RatedJourney.APPOINTMENT if s.booked else RatedJourney.DECLARATION
                code = s.result.code if s.result else None
                self.evaluation.offer(sc.done.rating, journey, code)

    def _render_live(self, s: DeclarationSessionView) -> None:
        """The document camera's live picture: its prompt, the material the next still
        page goes to, and whether the page last taken is surely another kind (OCR)."""
        specs = {m.code: m for m in s.matter.materials} if s.matter else {}
        wrong = None
        camera_pages = [p for p in s.pages if p.source == "camera"]
        if camera_pages:
            last = camera_pages[-1]
            spec = specs.get(last.material_code)
            for read in s.readings:
                if read.page is last and page_type_fits(spec, read.reading) is False:
                    wrong = spec
        target = specs.get(s.page_target) if s.page_target else None
        self.screens.capturing.show_live(s.live, s.page_prompt, target, wrong)
        # a page taken (by itself or on 拍摄) is said too: eyes are on the plate
        taken = len(camera_pages)
        if s.live and taken > self._pages_said:
            speak = getattr(self.shell, "speak", None)
            if callable(speak):
                speak("voice.page_taken")
        self._pages_said = taken

    # -- wiring --------------------------------------------------------------------------
    def _connect(self, sc: DeclarationScreens) -> None:
        f = self.flow
        sc.reading_card.retry_clicked.connect(f.retry)
        sc.face_failed.retry_clicked.connect(f.retry)
        sc.face_failed.assist_clicked.connect(lambda: f.consent(False))
        self._assisted.connect(sc.assist)
        self._face.connect(sc.face_check)
        sc.reviewing.edit_clicked.connect(f.edit_form)
        sc.choosing_matter.matter_chosen.connect(f.choose_matter)
        sc.choosing_matter.retry_clicked.connect(f.retry)
        sc.guide.continue_clicked.connect(f.proceed)
        # read and leave: home, with nothing kept (the flow wipes the session)
        sc.guide.leave_clicked.connect(self.cancel)
        sc.filling_form.field_edited.connect(f.set_field)
        sc.filling_form.next_clicked.connect(f.next)
        connect_commitment(f, sc.commitment, sc.signing)
        sc.capturing.capture_clicked.connect(f.capture)
        # the materials screen's live picture is where the document camera's frames go
        f.page_preview = sc.capturing.preview.mailbox
        sc.capturing.defer_clicked.connect(f.toggle_deferred)
        sc.capturing.remove_clicked.connect(f.remove_page)
        sc.capturing.next_clicked.connect(f.next)
        connect_delivery(f, sc.choosing_delivery, sc.delivery_address)
        self._payment.connect(sc.payment)
        sc.reviewing.submit_clicked.connect(f.submit)
        sc.depositing.skip_clicked.connect(f.skip_deposit)
        sc.done.finish_clicked.connect(self._finish)
