"""Issue 21.2: a pickup door opens only on a ticket whose electronic seal (电子印章)
verifies against the platform's key, pinned in the kiosk's data directory on first
use. Against the running simulator, and through a real proxy on loopback that
changes the ticket's bytes after the platform signed them: a forged compartment, a
missing seal, a seal from another key are refused with a clear message, no door
command is sent, and the resident's code is not counted as a wrong one."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from device_contracts import CompartmentRole, CompartmentSize
from flows.collection import CollectionFlow, CollectionState
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from flows.ports import PlatformError
from offline_cache.catalog_cache import CatalogCache
from offline_cache.client import PlatformClient
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from offline_cache.seal_check import PICKUP_NOT_VERIFIED, PIN_FILE, SealRefused
from platform_contract.seal import (
    SealKeyOut,
    canonical_bytes,
    key_id_of,
    pickup_ticket_fields,
)
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from platform_sim.server import start_in_thread
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.offline_cache.conftest import SwitchablePlatform
from tests.offline_cache.wire_proxy import Rewrite, wire_proxy
from tests.platform.helpers import backoffice, session
from tests.platform.test_pickup import _event, _new_case, _pickup_code

VERIFY = r"/api/v1/pickup/verify"


def _client(url: str, pin: Path) -> PlatformClient:
    return PlatformClient(
        url, DEMO_TERMINAL_TOKEN, timeout=3.0, connect_timeout=0.5, retries=0, seal_pin=pin
    )


def _approve_and_load(api: str, code: str, compartment: str) -> str:
    """The clerk approves case ``code`` and loads it into ``compartment`` at the demo
    terminal: the pickup code the resident gets by SMS."""
    assert backoffice().post(f"{api}/backoffice/cases/{code}/approve", timeout=5).ok
    assert _event(api, code, "certificate_loaded", compartment).status_code == 200
    return _pickup_code(api, code)


def _ready(api: str, compartment: str) -> tuple[str, str]:
    """A new case, approved and loaded: its code and its pickup code."""
    code = _new_case(api)
    return code, _approve_and_load(api, code, compartment)


class Kiosk:
    """The collection flow on a real KioskPlatform (client, outbox, cache) and the
    fake locker bank, whose ``opened`` lists every door command sent."""

    def __init__(self, url: str, data_dir: Path) -> None:
        self.client = _client(url, data_dir / PIN_FILE)
        outbox = Outbox.open(data_dir, DEMO_TERMINAL_ID)
        cache = CatalogCache(data_dir / "catalog.sqlite3", self.client, max_age=0)
        self.platform = KioskPlatform(self.client, outbox, cache, None, sync_timeout=2.0)
        self.devices = FakeDevices()
        self.ledger = InMemoryLedger()
        self.loop = ManualLoop()
        ports = JourneyPorts(
            self.devices.device_set(), self.platform, self.ledger, self.loop, DEMO_TERMINAL_ID
        )
        self.flow = CollectionFlow(ports)

    def load(self, case_code: str) -> str:
        """The clerk put the certificate in a pickup compartment: which one."""
        spot = self.ledger.allocate(
            self.devices.lockers.compartments(),
            CompartmentRole.PICKUP,
            CompartmentSize.M,
            case_code,
        )
        assert spot is not None
        return spot.id

    def collect(self, pickup_code: str) -> None:
        self.flow.start()
        self.flow.enter_code(pickup_code)
        assert self.loop.run_until(
            lambda: self.flow.state is not CollectionState.VERIFYING and not self.flow.session.busy,
            5.0,
        ), "the flow did not get past the check"


@pytest.fixture
def kiosk(platform_server: SwitchablePlatform, data_dir: Path) -> Iterator[Kiosk]:
    platform_server.start()
    made = Kiosk(platform_server.url, data_dir)
    yield made
    made.platform.close()


def _ticket_json(api: str, pickup_code: str) -> dict[str, Any]:
    """The ticket as the platform signed it (a check does not spend the code)."""
    resp = session().post(api + "/pickup/verify", json={"code": pickup_code}, timeout=5)
    assert resp.status_code == 200
    body: dict[str, Any] = resp.json()
    return body


def test_a_sealed_ticket_opens_its_door_and_the_key_is_pinned(
    kiosk: Kiosk, platform_server: SwitchablePlatform, data_dir: Path
) -> None:
    api = platform_server.url + "/api/v1"
    code = _new_case(api)
    compartment = kiosk.load(code)
    kiosk.collect(_approve_and_load(api, code, compartment))
    assert kiosk.loop.run_until(lambda: kiosk.flow.state is CollectionState.DONE, 5.0)
    assert kiosk.devices.lockers.opened == [compartment]
    pinned = SealKeyOut.model_validate_json((data_dir / PIN_FILE).read_bytes())
    assert pinned == kiosk.client.seal_key()  # the platform's own key, kept for next time


def _forge_compartment(ticket: dict[str, Any]) -> None:
    door = ticket["compartment_id"]  # one byte changed: B01 -> B02
    ticket["compartment_id"] = door[:-1] + chr(ord(door[-1]) + 1)


def _drop_seal(ticket: dict[str, Any]) -> None:
    del ticket["seal"]


def _other_key(ticket: dict[str, Any], *, claim_platform_key: bool = False) -> None:
    """Sealed over the right fields, by a key that is not the platform's; with
    ``claim_platform_key`` its seal names the platform's key id all the same."""
    other = Ed25519PrivateKey.generate()
    name = ticket["matter_name"]
    fields = pickup_ticket_fields(
        ticket["case_code"], ticket["compartment_id"], name["zh"], name["en"]
    )
    raw = other.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    ticket["seal"] = {
        "key_id": ticket["seal"]["key_id"] if claim_platform_key else key_id_of(raw),
        "signature": base64.b64encode(other.sign(canonical_bytes(fields))).decode(),
    }


FORGERIES = {
    "compartment changed after signing": _forge_compartment,
    "no seal": _drop_seal,
    "sealed by another key": _other_key,
    "another key's signature under the platform's key id": lambda t: _other_key(
        t, claim_platform_key=True
    ),
}


@pytest.mark.parametrize("forgery", list(FORGERIES), ids=list(FORGERIES))
def test_a_forged_ticket_is_refused_and_no_door_opens(
    forgery: str, kiosk: Kiosk, platform_server: SwitchablePlatform, data_dir: Path
) -> None:
    api = platform_server.url + "/api/v1"
    code = _new_case(api)
    pickup = _approve_and_load(api, code, kiosk.load(code))
    forged = _ticket_json(api, pickup)
    FORGERIES[forgery](forged)
    with wire_proxy(platform_server.url) as proxy:
        proxy.rules.append(Rewrite("POST", VERIFY, 200, json.dumps(forged).encode()))
        kiosk.client.base_url = proxy.url
        kiosk.collect(pickup)
    assert f"POST {VERIFY} -> Rewrite" in proxy.seen
    s = kiosk.flow.session
    assert kiosk.devices.lockers.opened == [], "a door command was sent"
    assert s.ticket is None and s.message == PICKUP_NOT_VERIFIED
    assert s.attempts_left == 5  # the resident's code was right: not counted against them
    events = {k: n for k, n in kiosk.platform.queue_status().counts.items() if k.startswith("ev")}
    assert not any(events.values()), events  # no pickup reported to the platform


def test_a_kiosk_pinned_to_one_platform_refuses_another_platforms_seal(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    pin = tmp_path / "data" / PIN_FILE
    pin.parent.mkdir()
    first = _client(platform_server.url, pin)
    code, pickup = _ready(platform_server.url + "/api/v1", "B01")
    assert first.verify_pickup_code(pickup).case_code == code  # pinned here
    first.close()
    impostor = start_in_thread(tmp_path / "impostor.sqlite3")  # its own key
    try:
        later = _client(impostor.url, pin)  # the kiosk restarted, pointed elsewhere
        _, other_pickup = _ready(impostor.url + "/api/v1", "B01")
        with pytest.raises(SealRefused) as refused:
            later.verify_pickup_code(other_pickup)
        assert refused.value.message == PICKUP_NOT_VERIFIED
        assert isinstance(refused.value, PlatformError)
        later.close()
    finally:
        impostor.stop()
