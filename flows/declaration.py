"""The declaration journey (办事申报): matter, its guide, card, face, form, materials,
submit, drop compartment, receipt. See docs/flows-contract.md.

The states and transitions live in :mod:`flows.declaration_machine`; this class
keeps the resident's data (:mod:`flows.declaration_session`), starts the device and
platform work each state needs, and moves the machine when that work completes on the
flow's loop. It is built of the journey's steps: the matter, its guide and the form
here, the identity check from :mod:`flows.assisted`, the materials from
:mod:`flows.declaration_materials`, the submission, the drop compartment and the
receipt from :mod:`flows.declaration_submission`, a matter's fee from
:mod:`flows.declaration_fee`, the delivery (locker or post) from
:mod:`flows.declaration_delivery`.
"""

from __future__ import annotations

import logging

from device_contracts import Completion, IdentityCard, Operation, Text
from flows import messages
from flows.assisted import AssistedGuards
from flows.commitment import CommitmentProgress
from flows.declaration_commitment import CommitmentStep
from flows.declaration_delivery import DeliveryChoice, DeliveryStep, address_errors, post_offered
from flows.declaration_fee import FeeStep
from flows.declaration_machine import DeclarationMachine, DeclarationState
from flows.declaration_materials import MaterialsStep
from flows.declaration_session import DeclarationSession
from flows.domain import Catalog, ELicence
from flows.journey_ports import JourneyPorts
from flows.ports import PageReader
from flows.prefill import applicant_from_card, chip_fields, prefill_form
from flows.validation import validate_form

__all__ = ["DeclarationFlow", "DeclarationSession", "DeclarationState"]

log = logging.getLogger(__name__)

S = DeclarationState


class DeclarationFlow(MaterialsStep, CommitmentStep, DeliveryStep, FeeStep):
    session: DeclarationSession

    def __init__(self, ports: JourneyPorts, reader: PageReader | None = None) -> None:
        """``reader``: the OCR of captured pages (None: the pages are only kept)."""
        super().__init__("declaration", DeclarationMachine(_Guards(self)), DeclarationState, ports)
        self._init_materials(reader)
        self._init_fee(ports.payments)
        self.session = DeclarationSession()
        self._catalog_loading = False
        self._door_busy = False
        self._preselect: str | None = None
        self._handover_card: IdentityCard | None = None
        self._id_tail = ""
        self._person: dict[str, str] = {}
        self._entry.update(
            {
                S.CHOOSING_MATTER: self._offer_matters,
                S.CAPTURING: self._start_live,
                S.SUBMITTING: self._submit_case,
                S.DEPOSITING: self._open_drop,
                S.PRINTING: self._print_receipt,
                S.DONE: self._finish_case,
            }
        )

    # ------------------------------------------------------------------ journey
    def start(
        self,
        *,
        matter_code: str | None = None,
        card: IdentityCard | None = None,
        id_tail: str = "",
    ) -> None:
        """Begin a declaration. An appointment check-in passes the booked ``matter_code``
        (chosen by itself once the face matched), the ``card`` it already read (no
        second read) or the booking's ``id_tail`` the card read must end with."""
        if not self._may_start():
            return
        self.session.face_attempts_left = self.settings.face_attempts
        self.session.booked = matter_code is not None
        self._preselect = matter_code
        self._handover_card = card
        self._id_tail = id_tail
        self._load_catalog()  # first: the matter list, entered now, shows it loading
        self._fire("start")

    def proceed(self) -> None:
        """From the matter's guide on: the ID card (or the form, once identified)."""
        if self.state is S.GUIDE:
            self.session.message = None
            self._fire("proceed")

    # cancel() abandons the journey: a submitted case is already in the outbox, so
    # nothing is lost; a drop compartment that was opened stays assigned so staff check it
    def finish(self) -> None:
        if self.state is S.DONE and not self._card_blocks_finish():
            self._finish()

    def retry(self) -> None:
        """Try the failed step again: the card read, the face check or loading the catalogue."""
        self.session.message = None
        if self.state is S.READING_CARD and not self.session.busy:
            self._read_card()
        elif self.state is S.FACE_FAILED:
            if not self._fire("retry"):
                self.session.message = messages.FACE_EXHAUSTED
        elif self.state is S.CHOOSING_MATTER and self.session.catalog is None:
            self._load_catalog()
        self._changed()

    def edit_form(self) -> None:
        """From the review back to the form, to correct a value (pages are kept)."""
        if self.state is S.REVIEWING:
            self.session.message = None
            self._fire("edit")

    # ------------------------------------------------------------------ card
    # the card read, then the identity check: consent(), the face check, call_staff(),
    # continue_assisted(), retry_staff_card(), another_staff_card(), enter_staff_pin()
    # and reconsider() come from flows/assisted.py, shared with the pickup by ID card
    def _card_read(self) -> Operation[IdentityCard]:
        card, self._handover_card = self._handover_card, None
        if card is not None:
            # the appointment check-in read it a moment ago: no second read
            return Operation.completed("handover_card", Completion.success(card))
        return super()._card_read()

    def _card_refusal(self, card: IdentityCard) -> Text | None:
        refusal = super()._card_refusal(card)
        if refusal is None and self._id_tail and not card.id_number.endswith(self._id_tail):
            log.info("card does not match the appointment", extra={"flow": "declaration"})
            refusal = messages.NOT_YOUR_APPOINTMENT
        return refusal

    def _card_accepted(self, card: IdentityCard) -> None:
        s = self.session
        s.applicant = applicant_from_card(card)
        if s.matter is not None:
            # the matter was chosen before the card: its form learns what the card says
            known = prefill_form(s.matter.fields, card, s.applicant, self._person)
            for key, value in known.items():
                if value and not s.form.get(key):
                    s.form[key] = value
        self._load_profile(card.id_number)
        self._load_licences(card.id_number)

    def _load_profile(self, id_number: str) -> None:
        """What the platform knows of the person (``person.*`` pre-fill), in the background."""

        def on_profile(c: Completion[dict[str, str]]) -> None:
            if not (c.ok and c.value is not None):
                return
            self._person = dict(c.value)
            s = self.session
            if s.matter is not None and s.card is not None:
                # the form was filled before the platform answered: add what it
                # knows to the fields still empty, never over what was typed
                late = prefill_form(s.matter.fields, s.card, s.applicant, self._person)
                for key, value in late.items():
                    if value and not s.form.get(key):
                        s.form[key] = value

        self._call_platform(
            "platform.person_profile",
            lambda: self.platform.person_profile(id_number),
            on_profile,
            any_state=True,
        )

    def _load_licences(self, id_number: str) -> None:
        """The person's electronic licences (电子证照), in the background. Only those whose
        holder is the card's holder count (对比核验); none when the platform cannot say,
        and the resident hands in the paper as before."""

        def on_licences(c: Completion[list[ELicence]]) -> None:
            s = self.session
            if not (c.ok and c.value is not None) or s.card is None:
                return
            holder = s.card.id_number
            s.licences = {e.material_code: e for e in c.value if e.holder_id_number == holder}
            log.info(
                "electronic licences",
                extra={"flow": "declaration", "materials": sorted(s.licences)},
            )
            self._changed()

        self._call_platform(
            "platform.person_licences",
            lambda: self.platform.person_licences(id_number),
            on_licences,
            any_state=True,
        )

    # ------------------------------------------------------------------ matter and form
    def _load_catalog(self) -> None:
        if self._catalog_loading or self.session.catalog is not None:
            return
        self._catalog_loading = True
        self._call_platform(
            "platform.catalog", self.platform.catalog, self._on_catalog, any_state=True
        )
        self._offer_matters()

    def _on_catalog(self, c: Completion[Catalog]) -> None:
        self._catalog_loading = False
        if c.ok and c.value is not None:
            self.session.catalog = c.value
            log.info("catalog loaded", extra={"flow": "declaration", "version": c.value.version})
        else:
            log.warning("catalog not loaded", extra={"flow": "declaration", "code": c.code.value})
        self._offer_matters()

    def _offer_matters(self) -> None:
        """In choosing_matter: busy while the catalogue loads, a message if it failed."""
        if self.state is not S.CHOOSING_MATTER:
            return
        s = self.session
        s.busy = s.catalog is None and self._catalog_loading
        if s.catalog is None and not self._catalog_loading:
            s.message = messages.CATALOG_FAILED
        elif s.catalog is not None and self._preselect is not None:
            # an appointment: the booked matter is taken by itself, once, and the card
            # asked for at once (its guide was shown when it was booked)
            code, self._preselect = self._preselect, None
            self.choose_matter(code, booked=True)

    def choose_matter(self, code: str, *, booked: bool = False) -> None:
        """The resident's matter: its guide follows (``booked``: an appointment's, the
        card read follows)."""
        s = self.session
        if self.state is not S.CHOOSING_MATTER or s.catalog is None:
            return
        try:
            matter = s.catalog.matter(code)
        except KeyError:
            s.message = messages.MATTER_UNKNOWN
            self._changed()
            return
        if s.matter is None or s.matter.code != matter.code:
            # a different matter asks for other fields and materials: start them afresh
            s.matter = matter
            s.form = prefill_form(matter.fields, s.card, s.applicant, self._person)
            s.field_errors = {}
            s.pages = []
            s.deferred = set()
            s.readings = []
            s.read_values = {}
            s.commitment = CommitmentProgress()
            s.delivery = DeliveryChoice()
            s.draft = None
        s.message = None
        log.info("matter chosen", extra={"flow": "declaration", "matter": matter.code})
        self._fire("booked" if booked else "matter_chosen")

    def set_field(self, key: str, value: str) -> None:
        s = self.session
        if self.state is not S.FILLING_FORM or s.matter is None:
            return
        if key not in {f.key for f in s.matter.fields}:
            log.warning("unknown form field", extra={"flow": "declaration", "field": key})
            return
        if key in chip_fields(s.matter.fields, s.card):
            log.warning("chip field not editable", extra={"flow": "declaration", "field": key})
            return
        s.form[key] = value
        s.field_errors.pop(key, None)
        self._changed()

    def next(self) -> None:
        """Leave the form or the materials step when they are complete."""
        s = self.session
        if self.state is S.FILLING_FORM and s.matter is not None:
            s.field_errors = validate_form(s.matter.fields, s.form)
            s.message = messages.FORM_INVALID if s.field_errors else None
        elif self.state is S.CAPTURING and s.matter is not None:
            if s.capturing:
                return
            if s.reading:
                s.message = messages.READING_PAGES
                self._changed()
                return
            check = self.material_check()
            s.message = (
                None
                if check.complete
                else messages.missing_materials([m.name for m in check.missing])
            )
        else:
            return
        self._fire("next")

    def back(self) -> None:
        if self.state is S.CAPTURING:
            self._stop_capture()
        self.session.message = None
        self._fire("back")

    # ------------------------------------------------------------------ internals
    def _entered(self, state: DeclarationState) -> None:
        if state is not S.CAPTURING:
            self._stop_live()
        super()._entered(state)

    def _wipe(self) -> None:
        self._stop_live()
        self._leave_fee()
        super()._wipe()
        self._catalog_loading = False
        self._capture_op = None
        self._door_busy = False
        self._preselect = None
        self._handover_card = None
        self._id_tail = ""
        self._person = {}


class _Guards(AssistedGuards["DeclarationFlow"]):
    """The machine's guards, read from the flow's current session."""

    def form_valid(self) -> bool:
        s = self._flow.session
        return s.matter is not None and not validate_form(s.matter.fields, s.form)

    def materials_complete(self) -> bool:
        s = self._flow.session
        return s.matter is not None and self._flow.material_check().complete

    def identified(self) -> bool:
        """The face matched or staff confirmed the identity (this session)."""
        return bool(self._flow.session.identity_check)

    def commitment_offered(self) -> bool:
        """告知承诺制: the matter offers a commitment form (checked by the client)."""
        s = self._flow.session
        return s.matter is not None and s.matter.commitment is not None

    def post_offered(self) -> bool:
        return post_offered(self._flow.session.matter)

    def by_post(self) -> bool:
        return self._flow.session.delivery.post() is not None

    def address_valid(self) -> bool:
        return not address_errors(self._flow.session.delivery.form)

    def fee_due(self) -> bool:
        return self._flow.fee_due()
