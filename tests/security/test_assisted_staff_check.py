"""The assisted path's staff confirmation against the kiosk's real PIN store: the site's
staff directory (scrypt hashes) over ``PinLockout`` in SQLite. Five wrong PINs lock the
card, the lock survives a restart and also holds for staff-mode login (one count per
card), and no PIN or resident data reaches the log or the audit trail."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest

from device_contracts import Completion, StaffCard, Text
from flows.collection import CollectionFlow, CollectionState
from flows.domain import PickupTicket, PinVerdict
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from flows.ports import StaffCheck
from kiosk.staff_directory import FileStaffDirectory
from offline_cache.staff_pins import ScryptCost, hash_pin
from tests.fakes.devices import FakeDevices, sample_card
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform
from tests.fakes.staff import FakeStaffReader, MemoryAudit

FAST = ScryptCost(n=2**10)  # the site's cost is higher; the logic is the same
CARD_UID, PIN = "04A1B2C3D4E5F6", "246810"
CARD = sample_card()
CARD_TEXT = Text("户口", "Hukou")


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


def directory(tmp_path: Path, clock: Clock) -> FileStaffDirectory:
    path = tmp_path / "staff.json"
    if not path.exists():
        path.write_text(
            json.dumps(
                {
                    "staff": [
                        {
                            "staff_id": "C0107",
                            "role": "clerk",
                            "card_uid": CARD_UID,
                            "pin": hash_pin(PIN, FAST),
                        }
                    ],
                    "maintenance_pin": hash_pin("900100", FAST),
                }
            ),
            encoding="utf-8",
        )
    return FileStaffDirectory.load(path, state=tmp_path / "staff.sqlite3", clock=clock)


class Kiosk:
    def __init__(self, staff: FileStaffDirectory) -> None:
        self.devices = FakeDevices()
        self.platform = FakePlatform()
        self.platform.person_tickets[CARD.id_number] = PickupTicket(
            "CASE-20261122-000003", CARD_TEXT, "B01"
        )
        self.loop = ManualLoop()
        self.reader = FakeStaffReader()
        self.audit = MemoryAudit()
        self.flow = CollectionFlow(
            JourneyPorts(
                self.devices.device_set(),
                self.platform,
                InMemoryLedger(),
                self.loop,
                "BJTZ-024",
                staff_check=StaffCheck(staff, self.audit, self.reader),
            )
        )

    def settle(self, until: Any) -> None:
        assert self.loop.run_until(lambda: bool(until()), 10.0), self.flow.state

    def to_staff_pin(self) -> None:
        f = self.flow
        f.start_by_card()
        self.devices.id_reader.reads.complete_pending(Completion.success(CARD))
        self.settle(lambda: f.state is CollectionState.FACE_CONSENT)
        f.consent(False)
        f.call_staff()
        f.continue_assisted()
        self.reader.present(CARD_UID)
        self.settle(lambda: f.state is CollectionState.ASSIST_PIN)

    def pin(self, digits: str) -> None:
        self.flow.enter_staff_pin(digits)
        self.settle(lambda: self.flow.state != "assist_pin" or not self.flow.session.busy)


def test_five_wrong_pins_lock_the_card_across_a_restart_and_for_staff_login(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clock = Clock()
    staff = directory(tmp_path, clock)
    kiosk = Kiosk(staff)
    kiosk.to_staff_pin()
    for left in (4, 3, 2, 1):
        kiosk.pin("111111")
        assert kiosk.flow.state is CollectionState.ASSIST_PIN
        message = kiosk.flow.session.message
        assert message is not None and message.en == f"Wrong PIN, {left} tries left"
    kiosk.pin("111111")
    assert kiosk.flow.state is CollectionState.ASSIST_LOCKED
    message = kiosk.flow.session.message
    assert message is not None and "locked for 5 min" in message.en
    assert kiosk.devices.lockers.opened == [] and not kiosk.audit.entries
    staff.close()

    # the kiosk restarts: the card is still locked, for this path and for staff login
    staff = directory(tmp_path, clock)
    kiosk = Kiosk(staff)
    kiosk.to_staff_pin()
    kiosk.pin(PIN)
    assert kiosk.flow.state is CollectionState.ASSIST_LOCKED, "the right PIN is refused too"
    assert staff.check_pin(StaffCard(CARD_UID), PIN).verdict is PinVerdict.LOCKED
    assert kiosk.devices.lockers.opened == []

    # once the lock-out has run out, the right PIN confirms and the locker opens
    clock.t += 301
    kiosk.flow.reconsider()
    kiosk.flow.consent(False)
    kiosk.flow.continue_assisted()
    kiosk.reader.present(CARD_UID)
    kiosk.settle(lambda: kiosk.flow.state is CollectionState.ASSIST_PIN)
    kiosk.pin(PIN)
    kiosk.settle(lambda: kiosk.flow.state is CollectionState.DONE)
    assert kiosk.devices.lockers.opened == ["B01"]
    assert [(e.action, e.actor) for e in kiosk.audit.entries] == [
        ("identity_confirmed", "C0107"),
        ("identity_confirmed_for_case", "C0107"),  # once the pickup was found
    ]
    staff.close()

    logged = "\n".join(
        f"{r.getMessage()} {sorted((k, str(v)) for k, v in r.__dict__.items())}"
        for r in caplog.records
    )
    for secret in (PIN, "111111", CARD.id_number, CARD.name, CARD_UID):
        assert secret not in logged, secret
