"""A declaration or collection flow wired to the fakes, on a ManualLoop (and, for the
assisted path, a fake staff-card reader, staff directory and audit log)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from device_contracts import Completion, DeviceSet, IdCardReader
from flows.assisted import AssistedFlow
from flows.collection import CollectionFlow
from flows.declaration import DeclarationFlow, DeclarationState
from flows.device_bridge import DeviceEventBridge
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from flows.ports import StaffCheck
from tests.devices.idcard.sam_on_pty import peer, reader  # noqa: F401 (fixtures)
from tests.fakes.devices import FakeDevices, sample_card
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import HUKOU, FakePlatform
from tests.fakes.staff import FakeDirectory, FakeStaffReader, MemoryAudit

TERMINAL = "BJTZ-024"


@dataclass
class Env:
    devices: FakeDevices = field(default_factory=FakeDevices)
    platform: FakePlatform = field(default_factory=FakePlatform)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)
    loop: ManualLoop = field(default_factory=ManualLoop)
    staff_reader: FakeStaffReader = field(default_factory=FakeStaffReader)
    directory: FakeDirectory = field(default_factory=FakeDirectory)
    audit: MemoryAudit = field(default_factory=MemoryAudit)

    def staff_check(self) -> StaffCheck:
        return StaffCheck(self.directory, self.audit, self.staff_reader)

    def declaration(
        self, *, consent: bool | None = True, devices: DeviceSet | None = None, **kw: Any
    ) -> DeclarationFlow:
        """``consent``: the resident's answer when the flow asks before the face check
        (True agrees, False declines, None: the test answers itself); ``devices``: in
        place of the fakes' (a real reader or camera among them)."""
        kw.setdefault("staff_check", self.staff_check())
        ocr = kw.pop("reader", None)  # the declaration's own; the rest are the ports'
        ports = JourneyPorts(
            devices or self.devices.device_set(),
            self.platform,
            self.ledger,
            self.loop,
            TERMINAL,
            **kw,
        )
        flow = DeclarationFlow(ports, ocr)
        if consent is not None:
            answer_consent(flow, self.loop, consent)
        return flow

    def collection(self, *, consent: bool | None = True, **kw: Any) -> CollectionFlow:
        """``consent`` as for :meth:`declaration` (asked in a pickup by ID card)."""
        kw.setdefault("staff_check", self.staff_check())
        flow = CollectionFlow(
            JourneyPorts(
                self.devices.device_set(), self.platform, self.ledger, self.loop, TERMINAL, **kw
            )
        )
        if consent is not None:
            answer_consent(flow, self.loop, consent)
        return flow

    def wired(self, id_reader: IdCardReader) -> tuple[DeviceEventBridge, DeviceSet]:
        """The fakes with ``id_reader`` (the GA 467 on a pty) in place of theirs, every
        device's events on one bridge."""
        bridge = DeviceEventBridge(self.loop)
        devices = dataclasses.replace(self.devices.device_set(), id_reader=id_reader)
        bridge.attach(devices.all())
        return bridge, devices

    def settle(self, until: Callable[[], Any], timeout: float = 3.0) -> None:
        """Drain the loop until ``until()`` holds; fail the test if it never does."""
        assert self.loop.run_until(lambda: bool(until()), timeout), "flow did not get there"


def answer_consent(flow: AssistedFlow[Any], loop: ManualLoop, agreed: bool) -> None:
    """The resident answers the consent screen as soon as it shows."""

    def on_change() -> None:
        if flow.state == "face_consent":
            loop.post(lambda: flow.consent(agreed))

    flow.subscribe(on_change)


@pytest.fixture
def env() -> Env:
    return Env()


def to_card(env: Env, flow: DeclarationFlow, matter: str, **start: Any) -> None:
    """The declaration up to the card: start, the matter, its guide read, 继续办理
    (the matter and its guide come before the card, issue 19 item 7)."""
    flow.start(**start)
    assert env.loop.run_until(lambda: flow.session.catalog is not None, 3.0), "no catalogue"
    flow.choose_matter(matter)
    flow.proceed()


def to_form(env: Env, flow: DeclarationFlow, matter: str = HUKOU) -> None:
    """The matter chosen, its guide read, the card read and the face matched: the form."""
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    to_card(env, flow, matter)
    env.settle(lambda: flow.state is DeclarationState.FILLING_FORM)


def to_capturing(env: Env, flow: DeclarationFlow, matter: str = HUKOU) -> None:
    """:func:`to_form`, the form filled in (a phone; a moving date for hukou): the
    materials."""
    to_form(env, flow, matter)
    flow.set_field("phone", "13800138000")
    if matter == HUKOU:
        flow.set_field("move_date", "2026-12-01")
    flow.next()
    assert flow.state is DeclarationState.CAPTURING, flow.session.field_errors
