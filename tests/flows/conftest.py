"""A declaration or collection flow wired to the fakes, on a ManualLoop."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from flows.collection import CollectionFlow
from flows.declaration import DeclarationFlow, DeclarationState
from flows.loop import ManualLoop
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform

TERMINAL = "BJTZ-024"


@dataclass
class Env:
    devices: FakeDevices = field(default_factory=FakeDevices)
    platform: FakePlatform = field(default_factory=FakePlatform)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)
    loop: ManualLoop = field(default_factory=ManualLoop)

    def declaration(self, *, consent: bool | None = True, **kw: Any) -> DeclarationFlow:
        """``consent``: the resident's answer when the flow asks before the face check
        (True agrees, False declines, None: the test answers itself)."""
        flow = DeclarationFlow(
            self.devices.device_set(), self.platform, self.ledger, self.loop, TERMINAL, **kw
        )
        if consent is not None:
            answer_consent(flow, self.loop, consent)
        return flow

    def collection(self) -> CollectionFlow:
        return CollectionFlow(
            self.devices.device_set(), self.platform, self.ledger, self.loop, TERMINAL
        )

    def settle(self, until: Callable[[], Any], timeout: float = 3.0) -> None:
        """Drain the loop until ``until()`` holds; fail the test if it never does."""
        assert self.loop.run_until(lambda: bool(until()), timeout), "flow did not get there"


def answer_consent(flow: DeclarationFlow, loop: ManualLoop, agreed: bool) -> None:
    """The resident answers the consent screen as soon as it shows."""

    def on_change() -> None:
        if flow.state is DeclarationState.FACE_CONSENT:
            loop.post(lambda: flow.consent(agreed))

    flow.subscribe(on_change)


@pytest.fixture
def env() -> Env:
    return Env()
