"""The ID card given back (issue 19 item 6): once a journey no longer needs the card,
it asks for it until the reader itself says it was taken; the done screens wait; a
card left past the timeout is recorded for staff with nothing of its owner.

The reader is the real GA 467 adapter on a pty with the simulated SAM as its peer
(as in ``test_device_events.py``): "placed" and "taken off" are what the adapter's
poller sees on the line.
"""

from __future__ import annotations

from device_contracts import DeviceSet, Text
from devices.idcard.adapter import Ga467Reader
from devices.idcard.sam_peer import SamPeer
from flows.card_return import CARD_LEFT, CARD_TAKEN, TAKE_CARD
from flows.device_bridge import DeviceEventBridge
from flows.domain import CaseStatusKind, CaseSummary
from flows.lookup import LookupFlow, LookupState
from flows.settings import FlowSettings
from tests.fakes.platform import HUKOU
from tests.flows.conftest import Env, to_card

CARD = "resident-0"
SETTINGS = FlowSettings(card_left_timeout=90)


def test_the_declaration_asks_for_the_card_once_the_identity_is_confirmed(
    env: Env, peer: SamPeer, reader: Ga467Reader
) -> None:
    bridge, devices = env.wired(reader)
    flow = env.declaration(consent=None, devices=devices, settings=SETTINGS, events=bridge)
    told: list[bool] = []
    flow.subscribe(lambda: told.append(flow.card_to_take))
    to_card(env, flow, HUKOU)  # the matter and its guide come first
    peer.place_card(CARD)
    env.settle(lambda: flow.state == "face_consent")
    env.settle(lambda: flow.session.card_on_reader is True)
    assert not flow.card_to_take, "still needed: the identity is not checked yet"

    flow.consent(True)  # the fake face verifier matches
    env.settle(lambda: flow.state == "filling_form")
    assert flow.card_to_take and told[-1] is True  # the presenter heard it at once

    peer.remove_card()  # the reader's poller sees the card gone
    env.settle(lambda: not flow.card_to_take)
    assert told[-1] is False
    assert bridge.listening == 1  # only the journey itself listens now
    flow.cancel()
    assert bridge.listening == 0
    assert env.audit.actions() == [], "taken in time: nothing for staff"


def lookup_with_cases(env: Env, devices: DeviceSet, bridge: DeviceEventBridge) -> LookupFlow:
    env.platform.cases = [
        CaseSummary("ZW-0001", "hukou", Text("户口", "Hukou"), CaseStatusKind.SUBMITTED)
    ]
    return LookupFlow(
        devices, env.platform, env.loop, settings=SETTINGS, events=bridge, audit=env.audit
    )


def test_the_lookup_results_wait_for_the_card_before_they_finish(
    env: Env, peer: SamPeer, reader: Ga467Reader
) -> None:
    bridge, devices = env.wired(reader)
    flow = lookup_with_cases(env, devices, bridge)
    flow.start("progress")
    peer.place_card(CARD)
    env.settle(lambda: flow.state is LookupState.RESULTS)
    assert flow.card_to_take  # read: no longer needed, and it lies there

    flow.finish()  # the resident taps "finish" with the card still there
    assert flow.state is LookupState.RESULTS
    assert flow.session.message == TAKE_CARD

    peer.remove_card()
    env.settle(lambda: not flow.card_to_take)
    flow.finish()
    assert str(flow.state) == "idle"
    assert bridge.listening == 0
    assert env.audit.actions() == []


def test_a_card_left_behind_outlives_the_idle_wipe_and_is_recorded_for_staff(
    env: Env, peer: SamPeer, reader: Ga467Reader
) -> None:
    bridge, devices = env.wired(reader)
    flow = lookup_with_cases(env, devices, bridge)
    changes: list[bool] = []
    flow.subscribe(lambda: changes.append(flow.card_to_take))
    flow.start("progress")
    peer.place_card(CARD)
    env.settle(lambda: flow.state is LookupState.RESULTS)

    flow.reset()  # the idle wipe: the personal data go, the card stays on the reader
    assert str(flow.state) == "idle"
    assert flow.session.card is None and flow.session.cases == []
    assert flow.card_to_take, "the screen still asks for the card"

    env.loop.advance(SETTINGS.card_left_timeout - 1)
    assert env.audit.actions() == []
    env.loop.advance(1)
    assert env.audit.actions() == [(CARD_LEFT, "resident", "", "")]
    entry = env.audit.entries[0]
    assert entry.detail == "lookup"  # the journey, nothing of the card or its owner
    assert flow.card_return.left

    peer.remove_card()
    env.settle(lambda: not flow.card_to_take)
    assert [a for a, *_ in env.audit.actions()] == [CARD_LEFT, CARD_TAKEN]
    assert changes[-1] is False  # the window heard it, with no journey under way
    assert bridge.listening == 0


def test_a_card_left_and_read_again_by_the_next_journey_is_no_longer_left(
    env: Env, peer: SamPeer, reader: Ga467Reader
) -> None:
    bridge, devices = env.wired(reader)
    flow = lookup_with_cases(env, devices, bridge)
    flow.start("progress")
    peer.place_card(CARD)
    env.settle(lambda: flow.state is LookupState.RESULTS)
    flow.reset()
    assert flow.card_to_take

    flow.start("progress")  # the next resident: the reader reads the card lying there
    env.settle(lambda: flow.state is LookupState.RESULTS)
    assert flow.card_to_take  # read again, and again not needed any more
    env.loop.advance(SETTINGS.card_left_timeout)
    assert [a for a, *_ in env.audit.actions()] == [CARD_LEFT]  # one journey's timer only
