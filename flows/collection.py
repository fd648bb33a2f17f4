"""The collection journey (自助取件): pickup code, compartment opens, door closed,
pickup confirmed to the platform, receipt. See docs/flows-contract.md.

Pickup by ID card instead of the code: the card is read, the resident is asked for
consent to the face check (or takes the assisted path, also after the last failed
check: staff check the card in person and confirm it with their staff card + PIN,
flows/assisted.py), and only then does the platform name the certificate waiting for
that person.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from device_contracts import Completion, DoorOutcome, Operation, Text
from flows import messages
from flows.assisted import AssistedFlow, AssistedGuards, AssistedSession
from flows.collection_machine import CollectionMachine, CollectionState
from flows.domain import CaseEvent, CaseEventKind, PickupTicket
from flows.journey_ports import JourneyPorts
from flows.platform_call import refused
from flows.receipts import pickup_receipt

__all__ = ["CollectionFlow", "CollectionSession", "CollectionState"]

log = logging.getLogger(__name__)

S = CollectionState

_CODE = re.compile(r"[0-9]{6}", re.ASCII)  # ASCII: \d takes any Unicode digit
NOTHING_TO_COLLECT = Text(
    "本机没有您待领取的证照", "There is no certificate waiting for you at this kiosk"
)
# a QR may carry a URL or a prefix around the code: take the last run of exactly 6 ASCII digits
_CODE_IN_QR = re.compile(r"(?<![0-9])[0-9]{6}(?![0-9])", re.ASCII)


@dataclass(repr=False)
class CollectionSession(AssistedSession):
    """A pickup; by ID card (added) also the card, the face check and the assisted path
    (the fields of AssistedSession)."""

    code: str = ""
    ticket: PickupTicket | None = None
    attempts_left: int = 0
    receipt_failed: bool = False

    @property
    def by_card(self) -> bool:
        return self.card is not None

    def __repr__(self) -> str:
        return f"CollectionSession(attempts_left={self.attempts_left})"


class CollectionFlow(AssistedFlow[CollectionState]):
    session: CollectionSession

    def __init__(self, ports: JourneyPorts) -> None:
        super().__init__("collection", CollectionMachine(_Guards(self)), CollectionState, ports)
        self.session = CollectionSession()
        self._scan_op: Operation[str] | None = None
        self._entry.update(
            {
                S.ENTERING_CODE: self._listen_for_qr,
                S.VERIFYING: self._verify_code,
                S.OPENING: self._open_door,
                S.COLLECTING: self._wait_closed,
                S.CONFIRMING: self._confirm,
            }
        )

    # ------------------------------------------------------------------ journey
    def start(self) -> None:
        if not self._may_start():
            return
        self.session.attempts_left = self.settings.code_attempts
        self._fire("start")

    def start_by_card(self) -> None:
        """Pickup with the ID card and a face check (or staff in person) instead of the code."""
        if not self._may_start():
            return
        self.session.face_attempts_left = self.settings.face_attempts
        self._fire("start_by_card")

    def retry(self) -> None:
        """Read the card again after a failed read."""
        if self.state is S.READING_CARD and not self.session.busy:
            self.session.message = None
            self._read_card()
            self._changed()

    # the card read, consent(), the face check, the assisted path with its staff
    # confirmation come from flows/assisted.py, shared with the declaration

    def finish(self) -> None:
        if self.state is S.DONE and not self._card_blocks_finish():
            self._finish()

    def enter_code(self, code: str) -> None:
        """A code typed on the keypad (or read from a QR): 6 digits."""
        if self.state is not S.ENTERING_CODE:
            return
        code = code.strip()
        if not _CODE.fullmatch(code):
            self.session.message = messages.CODE_FORMAT
            self._changed()
            return
        self.session.code = code
        self.session.message = None
        self._fire("code_entered")

    # ------------------------------------------------------------------ code
    def _listen_for_qr(self) -> None:
        """Let the scanner deliver the code while the keypad is shown (one scan per visit)."""
        op = self.devices.qr_scanner.scan(self.settings.scan_timeout)
        self._scan_op = op
        self._watch(op, self._on_scan)

    def _on_scan(self, c: Completion[str]) -> None:
        self._scan_op = None
        if not c.ok or c.value is None:
            log.info("no code scanned", extra={"flow": "collection", "code": c.code.value})
            return
        found = _CODE_IN_QR.findall(c.value)
        if not found:
            self.session.message = messages.CODE_FORMAT
            self._listen_for_qr()
            return
        self.enter_code(found[-1])

    def _verify_code(self) -> None:
        if self._scan_op is not None:
            self._abandon(self._scan_op)
            self._scan_op = None
        self.session.busy = True
        card = self.session.card
        if card is not None:
            if not self.session.identity_check:
                # by card only after the face check or a staff confirmation; the machine
                # allows no other way here, this keeps it so if that ever changes
                log.error("pickup by card without an identity check", extra={"flow": "collection"})
                self.cancel()
                return
            number = card.id_number
            name, call = (
                "platform.pickup_for_person",
                lambda: self.platform.pickup_for_person(number),
            )
        else:
            code = self.session.code
            name, call = (
                "platform.verify_pickup_code",
                lambda: self.platform.verify_pickup_code(code),
            )
        # the same answer either way: the ticket of the certificate waiting here
        self._call_platform(name, call, self._on_verified)

    def _on_verified(self, c: Completion[PickupTicket]) -> None:
        s = self.session
        s.busy = False
        if c.ok and c.value is not None:
            s.ticket = c.value
            self._audit_case(c.value.case_code)
            log.info(
                "pickup code valid",
                extra={"flow": "collection", "compartment": c.value.compartment_id},
            )
            self._fire("code_valid")
            return
        if s.card is not None:
            # by card there is no code to retype: say why and end
            log.info("no pickup for this card", extra={"flow": "collection", "code": c.code.value})
            if refused(c):
                s.message = c.message or NOTHING_TO_COLLECT
            else:  # the platform away, or its answer not to be believed (a seal refused)
                s.message = c.message or messages.PLATFORM_UNAVAILABLE
            self._fire("not_found")
            return
        s.code = ""
        if refused(c):
            s.attempts_left = max(0, s.attempts_left - 1)
            log.info(
                "pickup code refused",
                extra={"flow": "collection", "attempts_left": s.attempts_left},
            )
            s.message = (
                messages.wrong_code(c.text, s.attempts_left)
                if s.attempts_left
                else messages.CODE_EXHAUSTED
            )
            self._fire("code_rejected")
            return
        log.warning("pickup code not verified", extra={"flow": "collection", "code": c.code.value})
        s.message = c.message or messages.PLATFORM_UNAVAILABLE
        self._fire("platform_unavailable")

    # ------------------------------------------------------------------ door
    def _compartment_id(self) -> str:
        assert self.session.ticket is not None
        return self.session.ticket.compartment_id

    def _open_door(self) -> None:
        self.session.busy = True
        op = self.devices.lockers.open_door(self._compartment_id(), self.settings.door_open_timeout)
        self._watch(op, self._on_opened)

    def _door_trouble(self, what: str, c: Completion[Any]) -> None:
        """Log what went wrong at the pickup door, with its compartment (for staff)."""
        log.warning(
            what,
            extra={
                "flow": "collection",
                "compartment": self._compartment_id(),
                "code": c.code.value,
            },
        )

    def _on_opened(self, c: Completion[DoorOutcome]) -> None:
        self.session.busy = False
        if not c.ok:
            self._door_trouble("pickup door did not open", c)
            self.session.message = messages.PICKUP_DOOR_FAULT
            self._fire("door_failed")
            return
        self.session.message = messages.TAKE_AND_CLOSE
        self._fire("door_opened")

    def _wait_closed(self) -> None:
        op = self.devices.lockers.wait_closed(
            self._compartment_id(), self.settings.door_close_timeout
        )
        self._watch(op, self._on_closed)

    def _on_closed(self, c: Completion[None]) -> None:
        if c.ok:
            self.session.message = None
        else:
            # The door opened and the resident left it open: the certificate is
            # most likely gone, so confirm and let the door alarm reach staff.
            self._door_trouble("pickup door not closed", c)
            self.session.message = messages.DOOR_LEFT_OPEN
        self._fire("door_closed")

    # ------------------------------------------------------------------ confirm
    def _confirm(self) -> None:
        ticket = self.session.ticket
        assert ticket is not None
        self.session.busy = True
        # the compartment is empty now, whatever the platform call does
        self.ledger.release(ticket.compartment_id)
        event = CaseEvent(
            kind=CaseEventKind.CERTIFICATE_COLLECTED,
            case_ref=ticket.case_code,
            compartment_id=ticket.compartment_id,
            event_id=uuid.uuid4().hex,
            identity_check=self._identity(),
        )
        self._call_platform(
            "platform.report_event", lambda: self.platform.report_event(event), self._on_reported
        )

    def _on_reported(self, c: Completion[None]) -> None:
        if not c.ok:
            log.error(
                "pickup event not recorded", extra={"flow": "collection", "code": c.code.value}
            )
        ticket = self.session.ticket
        assert ticket is not None
        receipt = pickup_receipt(
            terminal_id=self.terminal_id, collected_at=datetime.now(), ticket=ticket
        )
        op = self.devices.printer.print_receipt(receipt, self.settings.print_timeout)
        self._watch(op, self._on_printed)

    def _on_printed(self, c: Completion[None]) -> None:
        self.session.busy = False
        if not c.ok:
            # a pickup receipt is a courtesy: the platform already has the event
            log.info(
                "pickup receipt not printed", extra={"flow": "collection", "code": c.code.value}
            )
            self.session.receipt_failed = True
        self._fire("confirmed")

    # ------------------------------------------------------------------ internals
    def _wipe(self) -> None:
        super()._wipe()
        self._scan_op = None


class _Guards(AssistedGuards["CollectionFlow"]):
    def code_attempts_remain(self) -> bool:
        return self._flow.session.attempts_left > 0
