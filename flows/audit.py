"""Every door event in the audit log: a LockerBank wrapper for the resident journeys.

The declaration and collection flows open doors through this wrapper, so each
open, failure, close and door left open is recorded with the actor and the case
that the ledger says is in the compartment, without the flows knowing.
Unsolicited door openings (tamper) are recorded too (:func:`audit_tamper`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from device_contracts import (
    Compartment,
    Completion,
    DeviceEvent,
    DeviceStatus,
    DoorOpened,
    DoorOutcome,
    DoorState,
    Listener,
    LockerBank,
    Operation,
    Unsubscribe,
)
from flows.domain import AuditEntry
from flows.ports import AuditLog, CompartmentLedger


class AuditedLockerBank:
    """``LockerBank`` that records every door command's outcome in ``audit``."""

    def __init__(
        self,
        inner: LockerBank,
        audit: AuditLog,
        ledger: CompartmentLedger,
        actor: Callable[[], str] = lambda: "resident",
    ) -> None:
        self.inner = inner
        self.name = inner.name
        self._audit = audit
        self._ledger = ledger
        self._actor = actor

    # Device
    def open(self) -> None:
        self.inner.open()

    def close(self) -> None:
        self.inner.close()

    def status(self) -> DeviceStatus:
        return self.inner.status()

    def capabilities(self) -> Mapping[str, object]:
        return self.inner.capabilities()

    def subscribe(self, listener: Listener) -> Unsubscribe:
        return self.inner.subscribe(listener)

    # LockerBank
    def compartments(self) -> list[Compartment]:
        return self.inner.compartments()

    def door_state(self, compartment_id: str) -> DoorState:
        return self.inner.door_state(compartment_id)

    def open_door(self, compartment_id: str, timeout: float) -> Operation[DoorOutcome]:
        op = self.inner.open_door(compartment_id, timeout)
        op.add_done_callback(
            lambda c: self._log("door_opened" if c.ok else "door_failed", compartment_id, c)
        )
        return op

    def wait_closed(self, compartment_id: str, timeout: float) -> Operation[None]:
        op = self.inner.wait_closed(compartment_id, timeout)

        def done(c: Completion[None]) -> None:
            if c.code.value != "cancelled":
                self._log("door_closed" if c.ok else "door_left_open", compartment_id, c)

        op.add_done_callback(done)
        return op

    def _log(self, action: str, compartment_id: str, c: Completion[Any]) -> None:
        self._audit.record(
            AuditEntry(
                action,
                self._actor(),
                compartment_id,
                self._ledger.occupant(compartment_id) or "",
                detail="" if c.ok else c.code.value,
            )
        )


def audit_tamper(audit: AuditLog, ledger: CompartmentLedger) -> Listener:
    """A device listener recording doors opened with no command behind them."""

    def on_event(event: DeviceEvent) -> None:
        if isinstance(event, DoorOpened) and not event.commanded:
            audit.record(
                AuditEntry(
                    "door_forced",
                    "unknown",
                    event.compartment_id,
                    ledger.occupant(event.compartment_id) or "",
                )
            )

    return on_event
