"""The identity check that the declaration and the pickup by ID card share: the ID card
read, consent, the face check, the assisted path without it, and the card given back.

Its states and transitions are one compound state of both journeys' machines
(:mod:`flows.identity_machine`); :class:`AssistedFlow` drives them. The card is read on
entering ``reading_card`` (a journey may refuse a card, or use it: see
:meth:`AssistedFlow._card_refusal` and :meth:`AssistedFlow._card_accepted`). Then the
resident is asked, on its own screen, whether the face may be compared
(:meth:`AssistedFlow.consent`). Agreed, the face is checked against the card's photo or
the platform's (``face_attempts`` tries; the pictures are dropped as soon as the check
decided). Declined, or given up after failed checks, it leads to the assisted path: the
resident calls staff (:meth:`~AssistedFlow.call_staff`); a member of staff checks the ID
card in person and then confirms it on the kiosk with their staff card and PIN
(:class:`StaffCheck`: the staff-card reader, the staff directory over the kiosk's one PIN
store with its lock-out, the audit log). Only that confirmation, by a clerk or a
technician, stands in for the face check: it is audited with the staff id (never the
resident's data) and the journey passes the staff id on to the platform. From the
confirmed identity on the card is no longer needed: :class:`~flows.card_return.CardReturn`
asks for it back until the reader says it was taken.

The events, as the machine names them: ``card_read``, ``consent_given`` (guard
``face_attempts_remain``: giving up on the assisted path never buys more face checks),
``consent_declined`` (also from ``face_failed``), ``face_matched``, ``face_rejected`` (each
journey says where to), ``continue_assisted`` (guard ``staff_called``),
``staff_card_read``, ``staff_card_refused``, ``staff_locked``, ``another_staff_card``
(from the locked page: another member of staff), ``staff_confirmed`` (guard
``identity_confirmed``) and ``reconsider`` (back to the consent question from any
assisted state: the staff member's "cancel").
"""

from __future__ import annotations

import abc
import dataclasses
import enum
import logging
import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from statemachine import StateMachine

from device_contracts import (
    Completion,
    DeviceEvent,
    FaceMatch,
    FacePrompt,
    IdentityCard,
    Image,
    Operation,
    PreviewSink,
    StaffCard,
    Text,
)
from flows import messages
from flows import staff_messages as staff_msg
from flows.card_return import TAKE_CARD, CardReturn
from flows.device_bridge import card_presence
from flows.domain import (
    AuditEntry,
    IdentityCheck,
    IdentityMethod,
    PinCheck,
    PinVerdict,
    StaffMember,
    StaffRole,
)
from flows.face_check import fetch_reference, rejection_message, without_photo
from flows.journey_ports import JourneyPorts
from flows.machine_flow import MachineFlow
from flows.ports import StaffCheck
from flows.prefill import card_expired

__all__ = [
    "ASSISTED_STATES",
    "ASSIST_ROLES",
    "STAFF_STATES",
    "AssistedFlow",
    "AssistedGuards",
    "AssistedSession",
    "StaffCheck",
]

log = logging.getLogger(__name__)

S = TypeVar("S", bound=enum.StrEnum)

READING_CARD = "reading_card"
FACE_CONSENT = "face_consent"
FACE_CHECK = "face_check"
FACE_FAILED = "face_failed"
ASSISTED = "assisted"
ASSIST_CARD = "assist_card"
ASSIST_PIN = "assist_pin"
ASSIST_LOCKED = "assist_locked"
#: the staff confirmation; "back" from any of them returns to the consent question
STAFF_STATES = frozenset({ASSIST_CARD, ASSIST_PIN, ASSIST_LOCKED})
ASSISTED_STATES = frozenset({FACE_CONSENT, ASSISTED, *STAFF_STATES})
#: who may vouch for a resident's identity: every role the staff directory knows today
#: (the site maintenance gesture is not a person and never reaches this path)
ASSIST_ROLES = frozenset({StaffRole.CLERK, StaffRole.TECHNICIAN})
#: what the audit log calls the confirmation
CONFIRMED = "identity_confirmed"
#: the states in which the journey is over (done; the pickup failed): from there on a
#: card left on the reader is timed and, past the timeout, recorded for staff
JOURNEY_OVER = frozenset({"done", "failed"})
#: the same confirmation tied to its case, once the case code is known (submitted, or
#: the pickup found): the trail then says which case a staff member vouched for
CONFIRMED_FOR_CASE = "identity_confirmed_for_case"

_PIN = re.compile(r"[0-9]{6}", re.ASCII)  # ASCII: \d takes any Unicode digit


@dataclass(repr=False)
class AssistedSession:
    """The session data of the identity check, in both journeys' sessions (they extend
    it). Personal data: wiped on cancel/reset."""

    #: the ID card read (its photo dropped once the face check decided)
    card: IdentityCard | None = None
    #: the last face check's outcome (no image: match, distance, liveness)
    face: FaceMatch | None = None
    face_attempts_left: int = 0
    #: the resident agreed to the face check (asked on its own screen, every session)
    face_consent: bool = False
    #: the resident called staff from the assisted screen
    staff_called: bool = False
    #: the staff card read for the confirmation; dropped as soon as the PIN decided
    staff_card: StaffCard | None = None
    #: the staff id of whoever confirmed the identity; "" until then
    confirmed_by: str = ""
    #: "face", or "staff" (assisted path); "" not checked yet
    identity_check: str = ""
    #: while the face check runs: its current step and hint, as the camera says them
    #: (look, blink, turn, verifying; no face, too dark ...); None otherwise
    face_prompt: FacePrompt | None = None
    #: whether an ID card lies on the reader now, as the reader reports it while the
    #: journey runs (placed / taken off; None: not said); with ``card`` read, True at the
    #: end means the card was left behind, False before the end that it was taken early
    card_on_reader: bool | None = None
    busy: bool = False
    message: Text | None = None

    def wipe(self) -> None:
        """Drop every reference, so a presenter holding this object keeps nothing personal."""
        fresh = type(self)()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))


class AssistedFlow(MachineFlow[S], abc.ABC):
    """A journey that checks the resident's identity: the ID card, then the face check
    with consent, or staff in person, confirmed with a staff card + PIN. Subclasses keep
    ``session`` (an :class:`AssistedSession`) and add their own states' entry actions to
    ``_entry`` (those of the identity check are there); the session's end
    (:meth:`_wipe`) ends the identity check and wipes the session for a fresh one."""

    session: AssistedSession

    def __init__(
        self, name: str, machine: StateMachine, states: type[S], ports: JourneyPorts
    ) -> None:
        super().__init__(name, machine, states, ports.loop, ports.events, ports.settings)
        self.devices = ports.devices
        self.platform = ports.platform
        self.ledger = ports.ledger
        self.terminal_id = ports.terminal_id
        self.staff_check = ports.staff_check
        self._staff_op: Operation[StaffCard] | None = None
        #: the face check's reference picture, held only until the decision
        self._reference: Image | None = None
        #: where the face camera's live picture goes while a check runs (the screen's);
        #: frames go from the camera's thread straight there, never through the flow
        self.face_preview: PreviewSink | None = None
        #: the ID card given back: asked for from the identity check on, until taken
        self.card_return = CardReturn(
            name,
            self.devices.id_reader.name,
            ports.loop,
            ports.events,
            audit=self.staff_check.audit if self.staff_check is not None else None,
            left_after_s=self.settings.card_left_timeout,
            on_change=self._changed,
        )
        # the identity check's steps start their own work, in whichever journey runs it
        self._entry.update(
            {
                states(READING_CARD): self._read_card,
                states(FACE_CHECK): self._check_face,
                states(ASSIST_CARD): self._read_staff_card,
            }
        )
        self._card_state = str(self.state)
        # first subscriber: the presenters hear of a card to take in the same change
        self.subscribe(self._follow_card)

    @property
    def card_to_take(self) -> bool:
        """The journey no longer needs the ID card and the reader says it lies there:
        the screen and the voice ask for it, and the done screen does not finish."""
        return self.card_return.waiting

    # ------------------------------------------------------------------ the ID card
    def _read_card(self) -> None:
        """Entry of ``reading_card``: the resident lays the ID card on the reader."""
        self.session.busy = True
        self._watch(self._card_read(), self._on_card)

    def _card_read(self) -> Operation[IdentityCard]:
        """The read that gives this journey its card."""
        return self.devices.id_reader.read_card(self.settings.card_timeout)

    def _on_card(self, c: Completion[IdentityCard]) -> None:
        s = self.session
        s.busy = False
        if not c.ok or c.value is None:
            s.message = c.text  # no card in time, unreadable: retry()
            return
        refusal = self._card_refusal(c.value)
        if refusal is not None:
            s.message = refusal
            return
        s.card = c.value
        s.message = None
        self._card_accepted(c.value)
        self._fire("card_read")

    def _card_refusal(self, card: IdentityCard) -> Text | None:
        """Why this card cannot go on (None: it can). An expired card never does."""
        if card_expired(card, date.today()):
            log.info("card expired", extra={"flow": self._name})
            return messages.CARD_EXPIRED
        return None

    def _card_accepted(self, card: IdentityCard) -> None:
        """The journey's own use of a card just read, before the consent question."""

    # ------------------------------------------------------------------ resident
    def consent(self, agreed: bool) -> None:
        """The resident's answer on the consent screen: the face check, or the assisted
        path. From the face-failed page ``consent(False)`` is "get help from staff"."""
        s = self.session
        if self.state == FACE_FAILED and not agreed:
            s.message = None
            self._clear_face_data()
            self._fire("consent_declined")
            return
        if self.state != FACE_CONSENT:
            return
        s.face_consent = agreed
        s.message = None
        log.info("face consent", extra={"flow": self._name, "agreed": agreed})
        if not self._fire("consent_given" if agreed else "consent_declined"):
            # no tries left (used up before the resident turned to staff): only staff in
            # person can confirm the identity now, so the assisted path is the way on
            s.face_consent = False
            s.message = messages.FACE_EXHAUSTED
            self._changed()

    def call_staff(self) -> None:
        """Assisted path: staff are asked to come and check the identity in person."""
        if self.state != ASSISTED:
            return
        self.session.staff_called = True
        self.session.message = messages.STAFF_CALLED
        log.info("staff called for the assisted path", extra={"flow": self._name})
        self._changed()

    def continue_assisted(self) -> None:
        """Staff have come: they confirm the identity with their staff card and PIN."""
        if self.state != ASSISTED:
            return
        s = self.session
        if not s.staff_called:
            s.message = messages.CALL_STAFF_FIRST
        elif self.staff_check is None or self.staff_check.reader is None:
            # nobody could authenticate here: never go on without a confirmation
            s.message = messages.NO_STAFF_CHECK
        else:
            s.message = None
            self._fire("continue_assisted")
            return
        self._changed()

    def reconsider(self) -> None:
        """Back to the consent question: from the assisted page, or the staff member
        cancels the confirmation (card, PIN or locked page)."""
        if self.state not in ASSISTED_STATES or self.state == FACE_CONSENT:
            return
        self._stop_staff_check()
        self.session.message = None
        self._fire("reconsider")

    def _on_device_event(self, event: DeviceEvent) -> None:
        """The ID card reader's placed / taken off becomes ``session.card_on_reader``."""
        present = card_presence(event, self.devices.id_reader.name)
        if present is not None:
            self.session.card_on_reader = present

    # ------------------------------------------------------------------ the card given back
    def _follow_card(self) -> None:
        """After each change: a card just read is needed (a card left by someone else and
        read again is no longer "left"); once the identity is confirmed it is not; at
        the journey's end it is timed."""
        state = str(self.state)
        before, self._card_state = self._card_state, state
        s = self.session
        if before == READING_CARD and state != READING_CARD and s.card is not None:
            self.card_return.claim()
        if state in JOURNEY_OVER:
            self.card_return.journey_over()
        elif s.card is not None and s.identity_check:
            self.card_return.release()

    def _card_blocks_finish(self) -> bool:
        """``finish()`` waits while the card lies on the reader: the resident is told
        (the idle wipe still ends the journey, and the card stays timed)."""
        if not self.card_return.waiting:
            return False
        self.session.message = TAKE_CARD
        self._changed()
        return True

    # ------------------------------------------------------------------ face check
    def _check_face(self) -> None:
        """Entry of ``face_check``: the reference picture, then the camera."""
        s = self.session
        if not s.face_consent:  # never without the resident's agreement
            self.cancel()
            return
        s.busy = True
        assert s.card is not None
        fetch_reference(s.card, self.platform, self._call_platform, self._verify_face)

    def _verify_face(self, reference: Image | None) -> None:
        self._reference = reference
        self._show_preview(self.face_preview)
        op = self.devices.face.verify(reference, self.settings.face_timeout)
        self._watch(op, self._on_face, on_event=self._on_face_event)

    def _on_face_event(self, event: DeviceEvent) -> None:
        """The camera's prompt (step and hint) becomes the session's, for the screen."""
        if isinstance(event, FacePrompt):
            self.session.face_prompt = event

    def _show_preview(self, sink: PreviewSink | None) -> None:
        """Hand the face camera the screen's preview (None: stop), if it can show one."""
        set_preview = getattr(self.devices.face, "set_preview", None)
        if callable(set_preview):
            set_preview(sink)

    def _on_face(self, c: Completion[FaceMatch]) -> None:
        s = self.session
        s.busy = False
        s.face = c.value
        s.face_prompt = None
        self._show_preview(None)
        if c.ok and c.value is not None and c.value.matched and c.value.live:
            s.message = None
            s.identity_check = "face"
            self._clear_face_data()
            self._fire("face_matched")
            return
        s.face_attempts_left = max(0, s.face_attempts_left - 1)
        if s.face_attempts_left == 0:
            self._clear_face_data()  # no retry left: nothing to compare any more
        else:
            self._reference = None  # a retry fetches it again
        s.message = rejection_message(c, s.face_attempts_left)
        log.info(
            "face check failed",
            extra={
                "flow": self._name,
                "code": c.code.value,
                "attempts_left": s.face_attempts_left,
            },
        )
        self._fire("face_rejected")

    def _clear_face_data(self) -> None:
        """Drop the face images right after the decision: the reference picture and the
        card's decoded photo (the camera's frames are wiped by the verifier itself)."""
        self._reference = None
        card = self.session.card
        if card is not None:
            self.session.card = without_photo(card)

    # ------------------------------------------------------------------ staff member
    def retry_staff_card(self) -> None:
        """Wait for a staff card again after a failed read (timeout, reader fault)."""
        if self.state == ASSIST_CARD and not self.session.busy:
            self.session.message = None
            self._read_staff_card()
            self._changed()

    def another_staff_card(self) -> None:
        """From the locked page: another member of staff confirms with their own card (the
        locked card stays locked in the directory)."""
        if self.state == ASSIST_LOCKED:
            self.session.message = None
            self._fire("another_staff_card")

    def enter_staff_pin(self, pin: str) -> None:
        """The staff member's 6-digit PIN; checked off the GUI thread (scrypt)."""
        s = self.session
        check, card = self.staff_check, s.staff_card
        if self.state != ASSIST_PIN or s.busy or check is None or card is None:
            return
        if not _PIN.fullmatch(pin):
            s.message = staff_msg.PIN_FORMAT
            self._changed()
            return
        s.busy = True
        s.message = None
        directory = check.directory
        op: Operation[PinCheck] = Operation.blocking(
            "assisted.check_pin", lambda: directory.check_pin(card, pin), 10
        )
        self._watch(op, self._on_staff_pin)
        self._changed()

    def _read_staff_card(self) -> None:
        """Entry of ``assist_card``. A message already shown (an unknown card) stays."""
        s = self.session
        s.staff_card = None
        check = self.staff_check
        if check is None or check.reader is None:
            s.message = messages.NO_STAFF_CHECK
            return
        s.busy = True
        op = check.reader.read_staff_card(self.settings.staff_timeout)
        self._staff_op = op
        self._watch(op, self._on_staff_card)

    def _on_staff_card(self, c: Completion[StaffCard]) -> None:
        s = self.session
        self._staff_op = None
        s.busy = False
        if not c.ok or c.value is None:
            s.message = c.text  # no card in time, reader fault: retry_staff_card()
            log.info(
                "assisted staff card not read", extra={"flow": self._name, "code": c.code.value}
            )
            return
        s.staff_card = c.value
        s.message = None
        self._fire("staff_card_read")

    def _on_staff_pin(self, c: Completion[PinCheck]) -> None:
        s = self.session
        s.busy = False
        result = c.value
        if not c.ok or result is None:
            s.message = c.text  # the directory failed: the PIN may be typed again
            log.error("assisted staff pin not checked", extra={"flow": self._name})
            return
        if result.verdict is PinVerdict.OK and result.member is not None:
            self._confirmed(result.member)
        elif result.verdict is PinVerdict.WRONG:
            s.message = staff_msg.wrong_pin(result.attempts_left)
            log.info(
                "assisted staff pin wrong",
                extra={"flow": self._name, "attempts_left": result.attempts_left},
            )
        elif result.verdict is PinVerdict.LOCKED:
            s.staff_card = None
            s.message = staff_msg.locked_out(result.locked_for_s)
            log.warning("assisted staff card locked out", extra={"flow": self._name})
            self._fire("staff_locked")
        else:
            s.staff_card = None
            s.message = staff_msg.UNKNOWN_CARD
            log.info("assisted staff card unknown", extra={"flow": self._name})
            self._fire("staff_card_refused")

    def _confirmed(self, member: StaffMember) -> None:
        s = self.session
        s.staff_card = None  # its work is done: no staff credential stays in the session
        if member.role not in ASSIST_ROLES:
            s.message = messages.STAFF_NOT_ALLOWED
            log.warning(
                "assisted confirmation refused", extra={"flow": self._name, "role": member.role}
            )
            self._fire("staff_card_refused")
            return
        s.confirmed_by = member.staff_id
        s.identity_check = "staff"
        s.message = None
        log.info(
            "identity confirmed by staff",
            extra={"flow": self._name, "staff": member.staff_id, "role": member.role.value},
        )
        self._audit(member.staff_id)
        self._fire("staff_confirmed")

    def _audit(self, staff_id: str, action: str = CONFIRMED, case_ref: str = "") -> None:
        """Who vouched for the resident, in the audit trail: the staff id and the journey,
        nothing of the resident; the case once it is known (:meth:`_audit_case`)."""
        check = self.staff_check
        assert check is not None
        try:
            check.audit.record(
                AuditEntry(action, staff_id, case_ref=case_ref, detail=f"{self._name} assisted")
            )
        except Exception:
            # the confirmation stands (the staff member is authenticated); the log says
            # the trail has a gap, as staff mode does for its own audit entries
            log.exception("audit record failed", extra={"flow": self._name, "action": action})

    def _audit_case(self, case_ref: str) -> None:
        """After a staff confirmation: the case it was for, in the trail (a second entry,
        the trail being append-only). Nothing after a face check."""
        s = self.session
        if s.identity_check == "staff" and s.confirmed_by and self.staff_check is not None:
            self._audit(s.confirmed_by, CONFIRMED_FOR_CASE, case_ref)

    def _identity(self) -> IdentityCheck | None:
        """How the identity was checked, for the platform (the case, the pickup event):
        the face check, or staff in person and who; None before either."""
        s = self.session
        if s.identity_check == "staff" and s.confirmed_by:
            return IdentityCheck(IdentityMethod.STAFF_IN_PERSON, s.confirmed_by)
        if s.identity_check == "face":
            return IdentityCheck(IdentityMethod.FACE)
        return None

    def _stop_staff_check(self) -> None:
        """Leave the staff confirmation: stop waiting for a card, drop the card read."""
        if self._staff_op is not None:
            self._abandon(self._staff_op)
            self._staff_op = None
        self.session.staff_card = None
        self.session.busy = False

    def _wipe(self) -> None:
        super()._wipe()
        self._end_identity_check()
        self.session.wipe()
        self.session = type(self.session)()

    def _end_identity_check(self) -> None:
        """The session ends (cancel, reset, finish): no staff card read is awaited, no
        face picture is kept."""
        self._stop_staff_check()
        self._reference = None
        self._show_preview(None)
        # a card read (or being read) may still lie there: asked for, and timed, after
        # the session is gone; the reader's word alone ends that
        if self.session.card is not None or self.state == READING_CARD:
            self.card_return.journey_over()


F = TypeVar("F", bound=AssistedFlow[Any])


class AssistedGuards(Generic[F]):
    """The machine guards of the identity check, read from the flow's current session
    (a journey's guards extend them, reading its own session)."""

    def __init__(self, flow: F) -> None:
        self._flow = flow

    def face_attempts_remain(self) -> bool:
        return self._flow.session.face_attempts_left > 0

    def staff_called(self) -> bool:
        return self._flow.session.staff_called

    def identity_confirmed(self) -> bool:
        """Only an authenticated staff member's confirmation replaces the face check."""
        return bool(self._flow.session.confirmed_by)
