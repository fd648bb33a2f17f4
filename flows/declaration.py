"""The declaration journey (办事申报): matter, its guide, card, face, form, materials,
submit, drop compartment, receipt. See docs/flows-contract.md.

The states and transitions live in :mod:`flows.declaration_machine`; this class
keeps the resident's data, starts the device and platform work each state
needs, and moves the machine when that work completes on the flow's loop.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from devices.base import (
    Compartment,
    CompartmentRole,
    Completion,
    CompletionCode,
    DeviceEvent,
    DoorOutcome,
    IdentityCard,
    Image,
    LiveDocumentCamera,
    Operation,
    PagePrompt,
    PreviewSink,
    Receipt,
    Text,
)
from flows import messages
from flows.assisted import AssistedFlow, AssistedGuards, AssistedSession, StaffCheck
from flows.declaration_machine import DeclarationMachine, DeclarationState
from flows.device_bridge import DeviceEventBridge
from flows.domain import (
    Applicant,
    CaseDraft,
    CaseEvent,
    CaseEventKind,
    Catalog,
    ELicence,
    MaterialPage,
    Matter,
    SubmitResult,
)
from flows.materials import MaterialCheck, check_materials, is_deferrable
from flows.ocr import OcrReading, PageRead, ReadValue, material_doc_types, merge_reading
from flows.ports import CompartmentLedger, DeviceSet, FlowLoop, PageReader, Platform
from flows.prefill import applicant_from_card, chip_fields, prefill_form
from flows.receipts import case_receipt
from flows.settings import FlowSettings
from flows.validation import validate_form

__all__ = ["DeclarationFlow", "DeclarationSession", "DeclarationState"]

log = logging.getLogger(__name__)

S = DeclarationState

#: the live capture's camera was still held by the capture just stopped: tries, pause
_LIVE_RETRIES = 3
_LIVE_RETRY_S = 0.3


@dataclass(repr=False)
class DeclarationSession(AssistedSession):
    """Everything about the resident at the kiosk now. Personal data: wiped on cancel/reset.
    The card, the face check and the assisted path's fields come from AssistedSession."""

    applicant: Applicant | None = None
    #: an appointment's matter is taken by itself once the catalogue is here: the
    #: screen says "a moment" meanwhile, never the list of matters
    booked: bool = False
    catalog: Catalog | None = None
    matter: Matter | None = None
    form: dict[str, str] = field(default_factory=dict)
    field_errors: dict[str, Text] = field(default_factory=dict)
    pages: list[MaterialPage] = field(default_factory=list)
    deferred: set[str] = field(default_factory=set)
    #: material code -> the applicant's electronic licence for it (电子证照, checked to
    #: be the card holder's); used instead of paper unless a page is captured for it
    licences: dict[str, ELicence] = field(default_factory=dict)
    #: a page is being taken by hand (the 拍摄 button): the materials' buttons wait
    capturing: bool = False
    #: the document camera's live picture is on (its prompt below, the material the
    #: next page lying still goes to); False: pages are taken by hand only
    live: bool = False
    page_prompt: PagePrompt | None = None
    page_target: str | None = None
    #: what OCR read from each captured page, and the form values it gave
    readings: list[PageRead] = field(default_factory=list)
    read_values: dict[str, ReadValue] = field(default_factory=dict)
    #: pages still being read
    reading: int = 0
    #: made at the first submit; its idempotency key is kept for every resend
    draft: CaseDraft | None = None
    result: SubmitResult | None = None
    #: the drop compartment holding the originals (None: handed to staff)
    compartment: Compartment | None = None
    receipt: Receipt | None = None
    receipt_failed: bool = False

    def __repr__(self) -> str:
        matter = self.matter.code if self.matter else None
        return f"DeclarationSession(matter={matter}, pages={len(self.pages)})"


class DeclarationFlow(AssistedFlow[DeclarationState]):
    session: DeclarationSession

    def __init__(
        self,
        devices: DeviceSet,
        platform: Platform,
        ledger: CompartmentLedger,
        loop: FlowLoop,
        terminal_id: str,
        settings: FlowSettings = FlowSettings(),  # noqa: B008 - frozen, safe to share
        reader: PageReader | None = None,
        staff_check: StaffCheck | None = None,
        events: DeviceEventBridge | None = None,
    ) -> None:
        """``staff_check``: how staff confirm an identity on the assisted path (None: they
        cannot here, so only the face check leads on).
        ``events``: the kiosk's bridge of unsolicited device events (the card on the
        reader becomes ``session.card_on_reader``)."""
        super().__init__(
            "declaration",
            DeclarationMachine(_Guards(self)),
            DeclarationState,
            loop,
            devices=devices,
            platform=platform,
            settings=settings,
            staff_check=staff_check,
            events=events,
        )
        #: OCR of captured pages (classify, pre-fill the form); None: pages are only kept
        self.reader = reader
        self.ledger = ledger
        self.terminal_id = terminal_id
        self.session = DeclarationSession()
        self._catalog_loading = False
        self._capture_op: Operation[Image] | None = None
        #: where the document camera's live picture goes on the materials screen; frames
        #: go from the camera's thread straight there, never through the flow
        self.page_preview: PreviewSink | None = None
        self._live_on = False
        self._live_retries = 0
        #: the material a page taken by hand goes to
        self._hand_target: str | None = None
        #: until when 拍摄 waits for a page (the capture under way may end sooner)
        self._hand_until = 0.0
        self._door_busy = False
        self._preselect: str | None = None
        self._handover_card: IdentityCard | None = None
        self._id_tail = ""
        self._person: dict[str, str] = {}
        self._entry: dict[DeclarationState, Callable[[], None]] = {
            S.READING_CARD: self._read_card,
            S.ASSIST_CARD: self._read_staff_card,
            S.FACE_CHECK: self._check_face,
            S.CHOOSING_MATTER: self._offer_matters,
            S.CAPTURING: self._start_live,
            S.SUBMITTING: self._submit_case,
            S.DEPOSITING: self._open_drop,
            S.PRINTING: self._print_receipt,
            S.DONE: self._finish_case,
        }

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

    def material_check(self) -> MaterialCheck:
        """Where the chosen matter's materials stand: pages, licences, deferrals."""
        s = self.session
        assert s.matter is not None
        return check_materials(s.matter, s.pages, s.deferred, s.licences)

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

    # ------------------------------------------------------------------ materials
    def add_pages(self, material_code: str, pages: list[MaterialPage]) -> None:
        """Files imported for a material (USB drive, phone upload), already checked."""
        s = self.session
        if self.state is not S.CAPTURING or s.matter is None or not pages:
            return
        if material_code not in {m.code for m in s.matter.materials}:
            s.message = messages.MATERIAL_UNKNOWN
            self._changed()
            return
        s.pages.extend(pages)
        s.deferred.discard(material_code)
        s.message = None
        self._retarget()
        log.info(
            "pages imported",
            extra={"flow": "declaration", "material": material_code, "n": len(pages)},
        )
        self._changed()

    def capture(self, material_code: str) -> None:
        s = self.session
        if self.state is not S.CAPTURING or s.matter is None or s.capturing:
            return
        if material_code not in {m.code for m in s.matter.materials}:
            s.message = messages.MATERIAL_UNKNOWN
            self._changed()
            return
        s.capturing = True
        s.message = None
        camera = self._live_camera()
        if camera is not None:
            # the live capture takes the page lying there now, for this material
            self._hand_target = material_code
            self._hand_until = time.monotonic() + self.settings.capture_timeout
            camera.shoot()
            self._watch_pages(camera)
            self._changed()
            return
        op = self.devices.document_camera.capture_page(self.settings.capture_timeout)
        self._capture_op = op
        self._watch(op, lambda c: self._on_page(material_code, c))
        self._changed()

    def _on_page(self, material_code: str, c: Completion[Image]) -> None:
        s = self.session
        s.capturing = False
        self._capture_op = None
        if not c.ok or c.value is None:
            s.message = c.text
            return
        self._add_camera_page(material_code, c.value)

    def _add_camera_page(self, material_code: str, image: Image) -> None:
        s = self.session
        page = MaterialPage(material_code, image)
        s.pages.append(page)
        s.deferred.discard(material_code)  # handed in now after all
        log.info("page captured", extra={"flow": "declaration", "material": material_code})
        self._read_page(page)

    # ------------------------------------------------------------------ live capture
    # On the materials screen the document camera's picture is live: a capture runs
    # all the time, handing frames to the screen's preview and its prompts (place, hold
    # still, a hint, taken) to the session. A page that lies still and clear is taken by
    # itself for the first material still without a page (``page_target``); 拍摄 takes
    # the page lying there for its material. When every material has its page, pages
    # are taken by hand only. Leaving the screen stops the camera and drops the preview.
    def _live_camera(self) -> LiveDocumentCamera | None:
        camera = self.devices.document_camera
        if self.page_preview is None or not isinstance(camera, LiveDocumentCamera):
            return None
        return camera

    def _start_live(self) -> None:
        camera = self._live_camera()
        if camera is None:
            return
        self._live_on = True
        self._live_retries = 0
        camera.set_preview(self.page_preview)
        self._retarget()
        self._watch_pages(camera)

    def _watch_pages(self, camera: LiveDocumentCamera) -> None:
        if self._capture_op is not None or self.state is not S.CAPTURING:
            return
        self.session.live = True
        op = camera.capture_page(self.settings.capture_timeout)
        self._capture_op = op
        self._watch(op, self._on_live_page, on_event=self._on_page_event)

    def _on_page_event(self, event: DeviceEvent) -> None:
        if isinstance(event, PagePrompt):
            self.session.page_prompt = event

    def _on_live_page(self, c: Completion[Image]) -> None:
        s = self.session
        self._capture_op = None
        hand, self._hand_target = self._hand_target, None
        s.capturing = False
        target = hand or s.page_target
        if c.ok and c.value is not None:
            self._live_retries = 0
            if target is not None:
                self._add_camera_page(target, c.value)
        elif c.code in (CompletionCode.TIMEOUT, CompletionCode.NO_MEDIA):
            self._live_retries = 0
            if hand is not None and time.monotonic() < self._hand_until:
                # the capture that ended was started before 拍摄: the next one waits on
                self._hand_target, s.capturing = hand, True
            elif hand is not None:
                s.message = c.text  # 拍摄 found no page in time
        elif c.code is CompletionCode.DEVICE_NOT_READY and self._live_retries < _LIVE_RETRIES:
            # the capture just stopped may still hold the camera for a frame: try again
            self._live_retries += 1
            self._hand_target, s.capturing = hand, hand is not None
            self._loop.call_later(_LIVE_RETRY_S, self._resume_live)
            return
        else:
            s.message = c.text  # a fault: 拍摄 still tries, one page at a time
            self._stop_live()
            return
        self._retarget()
        camera = self._live_camera()
        if camera is not None:
            self._watch_pages(camera)

    def _resume_live(self) -> None:
        camera = self._live_camera()
        if camera is not None and self._live_on and self.state is S.CAPTURING:
            self._watch_pages(camera)
            self._changed()

    def _retarget(self) -> None:
        """The material the next still page goes to; none left: no auto-capture."""
        s = self.session
        s.page_target = None
        if s.matter is not None:
            with_pages = {p.material_code for p in s.pages}
            for spec in s.matter.materials:
                if spec.code in with_pages or spec.code in s.deferred or spec.code in s.licences:
                    continue
                s.page_target = spec.code
                break
        camera = self._live_camera()
        if camera is not None and self._live_on:
            camera.set_auto_capture(s.page_target is not None)

    def _stop_live(self) -> None:
        """The camera stops and forgets the screen's preview (the screen left)."""
        if not self._live_on:
            return
        self._live_on = False
        if self._capture_op is not None:
            self._abandon(self._capture_op)
            self._capture_op = None
        self._hand_target = None
        s = self.session
        s.live = False
        s.page_prompt = None
        s.capturing = False
        camera = self.devices.document_camera
        if isinstance(camera, LiveDocumentCamera):
            camera.set_preview(None)

    def _read_page(self, page: MaterialPage) -> None:
        """OCR the page in the background: its type and the form values it holds."""
        s = self.session
        if self.reader is None or s.matter is None:
            return
        s.reading += 1
        op = self.reader.read_page(
            page.image, material_doc_types(s.matter.materials), self.settings.ocr_timeout
        )
        self._watch(op, lambda c: self._on_read(page, c), any_state=True)

    def _on_read(self, page: MaterialPage, c: Completion[OcrReading]) -> None:
        s = self.session
        s.reading = max(0, s.reading - 1)
        if not c.ok or c.value is None:
            # the page is kept; only the pre-fill is missing
            log.info("page not read", extra={"flow": "declaration", "code": c.code.value})
            if s.message == messages.READING_PAGES and not s.reading:
                s.message = None
            return
        if not any(p is page for p in s.pages) or s.matter is None:
            return  # removed meanwhile
        s.readings.append(PageRead(page, c.value))
        new = merge_reading(s.matter.fields, s.form, c.value, page.material_code, s.read_values)
        for value in new:
            s.read_values[value.key] = value
            if value.filled:
                s.field_errors.pop(value.key, None)
        filled = sum(1 for v in s.read_values.values() if v.filled)
        log.info(
            "page read",
            extra={
                "flow": "declaration",
                "material": page.material_code,
                "doc_type": c.value.doc_type,
                "expected": c.value.expected,
                "fields": sorted(v.key for v in new),
            },
        )
        if s.message == messages.READING_PAGES and not s.reading:
            s.message = None
        if any(v.filled for v in new) and s.message is None:
            s.message = messages.values_read(filled)

    def _stop_capture(self) -> None:
        if self._capture_op is not None:
            self._abandon(self._capture_op)
            self._capture_op = None
        self.session.capturing = False

    def remove_page(self, index: int) -> None:
        s = self.session
        if self.state is S.CAPTURING and 0 <= index < len(s.pages):
            removed = s.pages.pop(index)
            s.readings = [r for r in s.readings if r.page is not removed]
            self._retarget()
            self._changed()

    def toggle_deferred(self, material_code: str) -> None:
        """容缺受理: mark a deferrable material as handed in later, or take that back."""
        s = self.session
        if self.state is not S.CAPTURING or s.matter is None:
            return
        if not is_deferrable(s.matter, material_code):
            s.message = messages.NOT_DEFERRABLE
        elif material_code in s.deferred:
            s.deferred.discard(material_code)
        else:
            s.deferred.add(material_code)
            s.message = None
        self._retarget()
        self._changed()

    # ------------------------------------------------------------------ submit
    def submit(self) -> None:
        s = self.session
        if self.state is not S.REVIEWING or s.matter is None or s.applicant is None:
            return
        check = self.material_check()
        key = s.draft.idempotency_key if s.draft else uuid.uuid4().hex
        s.draft = CaseDraft(
            idempotency_key=key,
            terminal_id=self.terminal_id,
            matter_code=s.matter.code,
            applicant=s.applicant,
            form=_case_form(s),
            pages=tuple(s.pages),
            deferred_materials=tuple(m.code for m in check.deferred),
            identity_check=self._identity(),
            e_licences=tuple((m.code, s.licences[m.code].licence_no) for m in check.licensed),
        )
        s.message = None
        self._fire("submit")

    def _submit_case(self) -> None:
        draft = self.session.draft
        assert draft is not None
        self.session.busy = True
        self._call_platform(
            "platform.submit_case", lambda: self.platform.submit_case(draft), self._on_stored
        )

    def _on_stored(self, c: Completion[SubmitResult]) -> None:
        self.session.busy = False
        if not c.ok or c.value is None:
            # the outbox may still hold it: a resend carries the same idempotency key
            self.session.message = messages.SUBMIT_FAILED
            self._fire("submit_failed")
            return
        self.session.result = c.value
        self._audit_case(self._case_ref())
        log.info(
            "case stored",
            extra={
                "flow": "declaration",
                "matter": self.session.draft.matter_code if self.session.draft else "",
                "submit_state": c.value.state.value,
            },
        )
        self._fire("stored")

    # ------------------------------------------------------------------ drop compartment
    def _case_ref(self) -> str:
        """The case code, or the idempotency key while the platform has not answered."""
        s = self.session
        assert s.result is not None
        return s.result.code if not s.result.provisional else s.result.idempotency_key

    def _open_drop(self) -> None:
        s = self.session
        assert s.matter is not None
        try:
            compartments = self.devices.lockers.compartments()
            compartment = self.ledger.allocate(
                compartments, CompartmentRole.DROP, s.matter.drop_size, self._case_ref()
            )
        except Exception:
            log.exception("drop compartment allocation failed", extra={"flow": "declaration"})
            compartment = None
        if compartment is None:
            log.warning("no drop compartment", extra={"flow": "declaration"})
            s.message = messages.NO_COMPARTMENT
            return
        s.compartment = compartment
        s.busy = True
        self._door_busy = True
        op = self.devices.lockers.open_door(compartment.id, self.settings.door_open_timeout)
        self._watch(op, self._on_drop_opened)

    def _on_drop_opened(self, c: Completion[DoorOutcome]) -> None:
        s = self.session
        assert s.compartment is not None
        if not c.ok:
            # The allocation is kept on purpose: the ledger then keeps a faulty
            # door out of the next resident's way until staff have looked at it.
            log.warning(
                "drop door did not open",
                extra={
                    "flow": "declaration",
                    "compartment": s.compartment.id,
                    "code": c.code.value,
                },
            )
            s.compartment = None
            s.busy = False
            self._door_busy = False
            s.message = messages.DOOR_FAULT
            return
        s.busy = False  # now waiting for the resident, not for the machine
        s.message = messages.put_originals(s.compartment.id)
        op = self.devices.lockers.wait_closed(s.compartment.id, self.settings.door_close_timeout)
        self._watch(op, self._on_drop_closed)

    def _on_drop_closed(self, c: Completion[None]) -> None:
        s = self.session
        assert s.compartment is not None
        self._door_busy = False
        if c.ok:
            s.message = None
        else:
            # The door was open and the resident went on: the originals are most
            # likely inside, so report them and let the door alarm reach staff.
            log.warning(
                "drop door not closed",
                extra={
                    "flow": "declaration",
                    "compartment": s.compartment.id,
                    "code": c.code.value,
                },
            )
            s.message = messages.DOOR_LEFT_OPEN
        s.busy = True
        event = CaseEvent(
            kind=CaseEventKind.MATERIALS_DEPOSITED,
            case_ref=self._case_ref(),
            compartment_id=s.compartment.id,
            event_id=uuid.uuid4().hex,
        )
        self._call_platform(
            "platform.report_event",
            lambda: self.platform.report_event(event),
            self._on_deposit_reported,
        )

    def _on_deposit_reported(self, c: Completion[None]) -> None:
        self.session.busy = False
        if not c.ok:
            log.error(
                "deposit event not recorded", extra={"flow": "declaration", "code": c.code.value}
            )
        self._fire("deposited")

    def skip_deposit(self) -> None:
        """No compartment or a faulty door: the resident hands the originals to staff."""
        if self.state is not S.DEPOSITING:
            return
        if self._door_busy:
            self.session.message = messages.CLOSE_DOOR_FIRST
            self._changed()
            return
        log.info("deposit skipped", extra={"flow": "declaration"})
        self.session.compartment = None
        self._fire("skip_deposit")

    # ------------------------------------------------------------------ receipt
    def _print_receipt(self) -> None:
        s = self.session
        assert s.matter is not None and s.result is not None and s.draft is not None
        check = self.material_check()
        s.receipt = case_receipt(
            terminal_id=self.terminal_id,
            submitted_at=s.draft.created_at,
            matter=s.matter,
            applicant_name=s.draft.applicant.name,
            result=s.result,
            compartment=s.compartment,
            deferred=check.deferred,
            licensed=check.licensed,
        )
        s.busy = True
        op = self.devices.printer.print_receipt(s.receipt, self.settings.print_timeout)
        self._watch(op, self._on_printed)

    def _on_printed(self, c: Completion[None]) -> None:
        s = self.session
        s.busy = False
        if not c.ok:
            log.warning("receipt not printed", extra={"flow": "declaration", "code": c.code.value})
            s.receipt_failed = True
            s.message = messages.RECEIPT_FAILED
        self._fire("printed")

    def _finish_case(self) -> None:
        s = self.session
        if s.result is not None:
            log.info(
                "declaration done",
                extra={
                    "flow": "declaration",
                    "submit_state": s.result.state.value,
                    "deposited": s.compartment is not None,
                    "receipt_failed": s.receipt_failed,
                },
            )

    # ------------------------------------------------------------------ internals
    def _entered(self, state: DeclarationState) -> None:
        if state is not S.CAPTURING:
            self._stop_live()
        action = self._entry.get(state)
        if action is not None:
            action()

    def _wipe(self) -> None:
        self._stop_live()
        super()._wipe()
        self._catalog_loading = False
        self._capture_op = None
        self._door_busy = False
        self._preselect = None
        self._handover_card = None
        self._id_tail = ""
        self._person = {}
        self._end_identity_check()
        self.session.wipe()
        self.session = DeclarationSession()


def _case_form(s: DeclarationSession) -> dict[str, str]:
    """The form as submitted; an assisted declaration tells the back office the identity
    was checked by staff in person, not by the face check."""
    form = dict(s.form)
    if s.identity_check == "staff":
        form["identity_check"] = "staff_in_person"
    return form


class _Guards(AssistedGuards):
    """The machine's guards, read from the flow's current session."""

    def __init__(self, flow: DeclarationFlow) -> None:
        super().__init__(flow)
        self._flow = flow

    def form_valid(self) -> bool:
        s = self._flow.session
        return s.matter is not None and not validate_form(s.matter.fields, s.form)

    def materials_complete(self) -> bool:
        s = self._flow.session
        return s.matter is not None and self._flow.material_check().complete

    def identified(self) -> bool:
        """The face matched or staff confirmed the identity (this session)."""
        return bool(self._flow.session.identity_check)
