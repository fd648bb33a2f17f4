"""The declaration's end: the case submitted (durable: queued when offline), the
originals dropped in a compartment (or handed to staff), the receipt printed.
:class:`SubmissionSteps` is one part of :class:`~flows.declaration.DeclarationFlow`.
"""

from __future__ import annotations

import logging
import uuid

from device_contracts import CompartmentRole, Completion, DoorOutcome
from flows import messages
from flows.assisted import AssistedFlow
from flows.declaration_machine import DeclarationState
from flows.declaration_session import DeclarationSession, case_form
from flows.domain import CaseDraft, CaseEvent, CaseEventKind, SubmitResult
from flows.payment_receipt import fee_lines
from flows.platform_call import refused
from flows.receipts import case_receipt

log = logging.getLogger(__name__)

S = DeclarationState


class SubmissionSteps(AssistedFlow[DeclarationState]):
    """``submitting``, ``depositing``, ``printing`` and ``done``: entered in turn once the
    resident submits from the review."""

    session: DeclarationSession
    #: a drop door is open: the deposit cannot be skipped until it is closed
    _door_busy: bool

    # ------------------------------------------------------------------ submit
    def submit(self) -> None:
        s = self.session
        if self.state is not S.REVIEWING or s.matter is None or s.applicant is None:
            return
        check = self.session.material_check()
        key = s.draft.idempotency_key if s.draft else uuid.uuid4().hex
        s.draft = CaseDraft(
            idempotency_key=key,
            terminal_id=self.terminal_id,
            matter_code=s.matter.code,
            applicant=s.applicant,
            form=case_form(s),
            pages=tuple(s.pages),
            deferred_materials=tuple(m.code for m in check.deferred),
            identity_check=self._identity(),
            e_licences=tuple((m.code, s.licences[m.code].licence_no) for m in check.licensed),
            commitment=s.commitment.signed if check.committed else None,
            post=s.delivery.post(),
            # a fee paid before a failed submit is not paid again
            payment=s.draft.payment if s.draft else None,
        )
        s.message = None
        self._before_submit()
        self._fire("submit")

    def _before_submit(self) -> None:
        """The draft is made: a matter's fee is made ready here (flows/declaration_fee.py)."""

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
            # the outbox may still hold it: a resend carries the same idempotency key.
            # A refusal is said in the platform's words (a signed commitment it could not
            # verify, a licence not the applicant's): trying again would not help
            said = c.message if refused(c) else None
            self.session.message = said or messages.SUBMIT_FAILED
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
        check = self.session.material_check()
        s.receipt = case_receipt(
            terminal_id=self.terminal_id,
            submitted_at=s.draft.created_at,
            matter=s.matter,
            applicant_name=s.draft.applicant.name,
            result=s.result,
            compartment=s.compartment,
            deferred=check.deferred,
            licensed=check.licensed,
            committed=check.committed,
            post=s.draft.post,
            extra=fee_lines(s.draft.payment) if s.draft.payment else (),
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
