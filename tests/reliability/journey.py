"""A headless kiosk: the real flows, KioskPlatform and ledger, the simulated
devices (fast), on a ManualLoop; and the resident's and clerk's moves."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from device_contracts import CompartmentRole, CompartmentSize, DeviceSet, DoorState
from devices.sim import (
    SimDocumentCamera,
    SimFaceVerifier,
    SimIdCardReader,
    SimLockerBank,
    SimQrScanner,
    SimReceiptPrinter,
)
from flows.collection import CollectionFlow, CollectionState
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import CaseEvent, CaseEventKind, FieldKind
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop, MonotonicClock
from flows.settings import FlowSettings
from kiosk.paths import DEMO_SITE_CONFIG
from kiosk.site_config import load_site_config
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import BACKOFFICE_TOKEN, DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN

MATTER = "HJ001"
SETTINGS = FlowSettings(
    card_timeout=10,
    face_timeout=5,
    capture_timeout=5,
    door_open_timeout=0.5,
    door_close_timeout=10,
    print_timeout=3,
    platform_timeout=5,
    scan_timeout=30,
)
D = DeclarationState


@dataclass
class Sims:
    id_reader: SimIdCardReader = field(default_factory=lambda: SimIdCardReader(read_delay=0.01))
    camera: SimDocumentCamera = field(default_factory=lambda: SimDocumentCamera(capture_delay=0.01))
    face: SimFaceVerifier = field(default_factory=lambda: SimFaceVerifier(delay=0.01))
    printer: SimReceiptPrinter = field(default_factory=lambda: SimReceiptPrinter(print_delay=0.01))
    lockers: SimLockerBank = field(
        default_factory=lambda: SimLockerBank(
            load_site_config(DEMO_SITE_CONFIG).lockers.to_compartments(), open_delay=0.01
        )
    )
    qr: SimQrScanner = field(default_factory=SimQrScanner)

    def device_set(self) -> DeviceSet:
        return DeviceSet(
            self.id_reader, self.camera, self.face, self.printer, self.lockers, self.qr
        )


class Kiosk:
    def __init__(self, url: str, data_dir: Path) -> None:
        self.url = url
        self.sims = Sims()
        for d in self.sims.device_set().all():
            d.open()
        self.platform = KioskPlatform.open(
            url, DEMO_TERMINAL_TOKEN, DEMO_TERMINAL_ID, data_dir, timeout=3.0, sync_timeout=3.0
        )
        self.ledger = KioskPlatform.open_ledger(data_dir)
        self.loop = ManualLoop(MonotonicClock())
        ports = JourneyPorts(
            self.sims.device_set(),
            self.platform,
            self.ledger,
            self.loop,
            DEMO_TERMINAL_ID,
            SETTINGS,
        )
        self.declaration = DeclarationFlow(ports)
        self.collection = CollectionFlow(ports)

    def close(self) -> None:
        for d in self.sims.device_set().all():
            d.close()
        self.platform.close()
        self.ledger.close()

    def settle(self, what: str, until: Callable[[], Any], timeout: float = 15.0) -> None:
        assert self.loop.run_until(lambda: bool(until()), timeout), f"flow never got to: {what}"


def declare_until_review(
    k: Kiosk, person: int = 0, phone: str = "13800138001", *, by_post: bool = False
) -> DeclarationFlow:
    """The declaration to its review; ``by_post``: the certificate by post to the card's
    address as pre-filled (物流服务), else to the locker."""
    flow = k.declaration
    flow.start()  # the matter and its guide first, then the card
    k.settle("catalogue", lambda: flow.session.catalog is not None)
    flow.choose_matter(MATTER)
    flow.proceed()
    k.settle("the card asked for", lambda: flow.state is D.READING_CARD)
    k.sims.id_reader.place_card(person)
    k.settle("face check consent", lambda: flow.state is D.FACE_CONSENT)
    flow.consent(True)
    k.settle("the form", lambda: flow.state is D.FILLING_FORM)
    k.sims.id_reader.remove_card()
    matter = flow.session.matter
    assert matter is not None
    for f in matter.fields:
        if flow.session.form.get(f.key):
            continue
        if f.kind is FieldKind.PHONE:
            flow.set_field(f.key, phone)
        elif f.kind is FieldKind.CHOICE:
            flow.set_field(f.key, f.choices[0].zh)
        elif f.kind is FieldKind.DATE:
            flow.set_field(f.key, "2026-12-01")
        else:
            flow.set_field(f.key, "无")
    flow.next()
    assert flow.state is D.CAPTURING, flow.session.field_errors
    for spec in matter.materials:
        if spec.required and not spec.deferrable:
            before = len(flow.session.pages)
            flow.capture(spec.code)
            k.settle(f"page {spec.code}", lambda b=before: len(flow.session.pages) > b)
        elif spec.deferrable:
            flow.toggle_deferred(spec.code)
    flow.next()
    if by_post:
        flow.choose_delivery("post")
        flow.confirm_address()
    else:
        flow.choose_delivery("locker")  # no-op for a matter that is never posted
    assert flow.state is D.REVIEWING, flow.session.message
    return flow


def close_drop_door(k: Kiosk) -> None:
    flow = k.declaration
    k.settle(
        "a drop door, or a door fault", lambda: flow.session.compartment or flow.session.message
    )
    c = flow.session.compartment
    if c is not None:
        k.settle("door open", lambda: k.sims.lockers.door_state(c.id) is DoorState.OPEN)
        k.sims.lockers.close_door(c.id)


def backoffice() -> dict[str, str]:
    return {"Authorization": f"Bearer {BACKOFFICE_TOKEN}"}


def clerk_loads_certificate(k: Kiosk, case_code: str) -> str:
    """Approve, load into a pickup compartment; returns the SMS's pickup code."""
    assert k.platform.forwarder is not None and k.platform.forwarder.flush()
    base = k.url + "/api/v1"
    r = requests.post(
        f"{base}/backoffice/cases/{case_code}/approve", headers=backoffice(), timeout=5
    )
    r.raise_for_status()
    compartment = k.ledger.allocate(
        k.sims.lockers.compartments(), CompartmentRole.PICKUP, CompartmentSize.S, case_code
    )
    assert compartment is not None
    k.platform.report_event(
        CaseEvent(
            CaseEventKind.CERTIFICATE_LOADED,
            case_code,
            compartment_id=compartment.id,
            actor="clerk-07",
            event_id=f"load-{case_code}",
        )
    )
    notes = requests.get(
        f"{base}/backoffice/notifications",
        params={"case_code": case_code},
        headers=backoffice(),
        timeout=5,
    ).json()["notifications"]
    for note in notes:
        found = re.search(r"取件码\s*(\d{6})", note["text"]["zh"])
        if found:
            return found.group(1)
    raise AssertionError("no pickup code was sent")


def collect(k: Kiosk, pickup_code: str) -> CollectionFlow:
    flow = k.collection
    flow.start()
    flow.enter_code(pickup_code)
    k.settle("pickup door open", lambda: flow.state is CollectionState.COLLECTING)
    ticket = flow.session.ticket
    assert ticket is not None
    k.sims.lockers.close_door(ticket.compartment_id)
    k.settle("collection done", lambda: flow.state is CollectionState.DONE)
    return flow


def wipe_check(obj: object) -> list[str]:
    """Attribute names of a session that still hold something; a part of the session that
    is a dataclass of its own (the delivery choice, the commitment's progress) holds
    something when one of its fields does."""
    return [k for k, v in vars(obj).items() if _holds(v)]


def _holds(value: object) -> bool:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return bool(wipe_check(value))
    return value not in (None, "", 0, False, [], {}, set())


__all__ = ["SETTINGS", "Kiosk", "close_drop_door", "collect", "declare_until_review"]
_ = DeviceSet  # re-exported type for the tests' annotations
