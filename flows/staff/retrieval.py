"""The clerk's retrieval of the overnight drop compartments: the list (this kiosk's
ledger, with the platform's deposited cases for matter and time), each door opened
and confirmed taken / missing / extra, the platform told, the compartment released,
and a hand-over slip (材料交接单) of everything confirmed."""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime

from statemachine import StateMachine

from device_contracts import CompartmentRole, Completion, DoorOutcome
from flows import staff_messages as msg
from flows.domain import CaseEventKind, CaseStatusKind, CaseSummary
from flows.handover import RetrievalItem, RetrievalOutcome, handover_slip
from flows.ports import FlowLoop
from flows.staff.journey import JourneyEnded, StaffDesk, StaffJourney
from flows.staff.loading import FAULT_PREFIX
from flows.staff.states import StaffState as S
from flows.staff.states import journey_frame, machine_states

log = logging.getLogger(__name__)


class RetrievalMachine(StateMachine):
    s = machine_states(
        S.IDLE, S.LISTING, S.RETRIEVAL, S.OPENING_DROP, S.DROP_OPEN, S.CLOSING_DROP, S.PRINTING_SLIP
    )

    begin, back, leave = journey_frame(s, s.listing, s.retrieval)
    listed = s.listing.to(s.retrieval)
    open_drop = s.retrieval.to(s.opening_drop)
    drop_opened = s.opening_drop.to(s.drop_open)
    drop_failed = s.opening_drop.to(s.retrieval)
    outcome_chosen = s.drop_open.to(s.closing_drop)
    drop_closed = s.closing_drop.to(s.retrieval)
    finish_retrieval = s.retrieval.to(s.printing_slip)
    slip_done = s.printing_slip.to(s.idle)


class RetrievalFlow(StaffJourney):
    def __init__(self, desk: StaffDesk, loop: FlowLoop, ended: JourneyEnded) -> None:
        super().__init__("staff.retrieval", RetrievalMachine(), desk, loop, ended)
        self._entry = {
            S.LISTING: self._list_cases,
            S.OPENING_DROP: self._open_drop,
            S.CLOSING_DROP: self._wait_drop_closed,
            S.PRINTING_SLIP: self._print_slip,
        }

    def open_drop(self, compartment_id: str) -> None:
        """Open one drop compartment of the list."""
        self.desk.touch()
        if self.state is not S.RETRIEVAL:
            return
        for item in self.session.pending:
            if item.compartment_id == compartment_id:
                self.session.current = item
                self.session.message = None
                self._fire("open_drop")
                return

    def confirm(self, outcome: RetrievalOutcome | str) -> None:
        """Taken, missing (the compartment was empty) or extra (more than the case lists)."""
        self.desk.touch()
        if self.state is not S.DROP_OPEN or self.session.current is None:
            return
        outcome = RetrievalOutcome(outcome)
        item = dataclasses.replace(self.session.current, outcome=outcome)
        self.session.current = item
        self.session.items = [
            item if i.compartment_id == item.compartment_id and i.outcome is None else i
            for i in self.session.items
        ]
        self.desk.record(f"materials_{outcome.value}", item.compartment_id, item.case_ref)
        kind = (
            CaseEventKind.MATERIALS_MISSING
            if outcome is RetrievalOutcome.MISSING
            else CaseEventKind.MATERIALS_RETRIEVED
        )
        self._report(kind, item.case_ref, item.compartment_id, _on_reported, any_state=True)
        # the compartment is empty now, whatever the platform call does
        if self.desk.ledger.occupant(item.compartment_id) == item.case_ref:
            self.desk.ledger.release(item.compartment_id)
        self.session.message = msg.CLOSE_DROP
        self._fire("outcome_chosen")

    def finish_retrieval(self) -> None:
        """Print the hand-over slip of everything confirmed, then back to the menu."""
        self.desk.touch()
        if self.state is S.RETRIEVAL:
            self._fire("finish_retrieval")

    def _list_cases(self) -> None:
        self.session.busy = True
        platform = self.desk.platform
        self._call_platform(
            "platform.terminal_cases",
            lambda: platform.terminal_cases(CaseStatusKind.MATERIALS_DEPOSITED),
            self._on_cases,
        )

    def _on_cases(self, c: Completion[list[CaseSummary]]) -> None:
        s = self.session
        s.busy = False
        s.items = self._items(c.value or [])
        if not c.ok:
            s.message = msg.LIST_FAILED
        elif not s.items:
            s.message = msg.NOTHING_TO_RETRIEVE
        else:
            s.message = None
        log.info("retrieval list", extra={"flow": "staff", "items": len(s.items)})
        self._fire("listed")

    def _items(self, deposited: list[CaseSummary]) -> list[RetrievalItem]:
        """What the drop compartments hold, oldest deposit first."""
        by_code = {x.case_code: x for x in deposited}
        drop_ids = {
            x.id for x in self.desk.devices.lockers.compartments() if x.role is CompartmentRole.DROP
        }
        items: list[RetrievalItem] = []
        seen: set[str] = set()
        # the ledger knows what is in the compartments (also cases still queued)
        for cid, ref in sorted(self.desk.ledger.assignments().items()):
            if cid not in drop_ids or ref.startswith(FAULT_PREFIX):
                continue
            summary = by_code.get(ref)
            items.append(
                RetrievalItem(
                    cid,
                    ref,
                    summary.matter_name if summary else None,
                    summary.created_at if summary else "",
                )
            )
            seen.add(ref)
        # the platform may know of deposits this ledger lost (a replaced disk)
        for summary in deposited:
            if summary.case_code not in seen and summary.compartment_id in drop_ids:
                items.append(
                    RetrievalItem(
                        summary.compartment_id,
                        summary.case_code,
                        summary.matter_name,
                        summary.created_at,
                    )
                )
        return sorted(items, key=lambda i: (i.deposited_at, i.compartment_id))

    def _at_door(self) -> RetrievalItem:
        """The item whose door is being opened, is open or is being closed."""
        item = self.session.current
        assert item is not None
        return item

    def _open_drop(self) -> None:
        item = self._at_door()
        self.session.busy = True
        self._open_door(item.compartment_id, self._on_drop_opened)

    def _on_drop_opened(self, c: Completion[DoorOutcome]) -> None:
        item = self._at_door()
        self.session.busy = False
        if not c.ok:
            self.desk.record("door_failed", item.compartment_id, item.case_ref, c.code.value)
            self.session.message = msg.DROP_DOOR_FAULT
            self.session.current = None
            self._fire("drop_failed")
            return
        self.desk.record("door_opened", item.compartment_id, item.case_ref)
        self.session.message = msg.CLOSE_DROP
        self._fire("drop_opened")

    def _wait_drop_closed(self) -> None:
        self._wait_closed(self._at_door().compartment_id, self._on_drop_closed)

    def _on_drop_closed(self, c: Completion[None]) -> None:
        item = self._at_door()
        if c.ok:
            self.desk.record("door_closed", item.compartment_id, item.case_ref)
            self.session.message = None
        else:
            self.desk.record("door_left_open", item.compartment_id, item.case_ref, c.code.value)
            self.session.message = msg.DOOR_NOT_CLOSED
        self.session.current = None
        self._fire("drop_closed")

    def _print_slip(self) -> None:
        done = [i for i in self.session.items if i.outcome is not None]
        if not done:
            self._fire("slip_done")
            return
        self.session.busy = True
        slip = handover_slip(
            terminal_id=self.desk.terminal_id,
            staff_id=self.desk.actor,
            at=datetime.now(),
            items=done,
        )
        op = self.desk.devices.printer.print_receipt(slip, self.desk.settings.print_timeout)
        self._watch(op, self._on_slip)

    def _on_slip(self, c: Completion[None]) -> None:
        self.session.busy = False
        self.session.slip_failed = not c.ok
        self.session.message = None if c.ok else msg.SLIP_FAILED
        self.desk.record("handover_slip", detail="printed" if c.ok else c.code.value)
        self._fire("slip_done")


def _on_reported(c: Completion[None]) -> None:
    if not c.ok:
        log.error("staff event not recorded", extra={"flow": "staff", "code": c.code.value})
