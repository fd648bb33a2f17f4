"""Unsolicited device events reach the flows through one bridge, on the loop's thread.

The ID card reader is the real GA 467 adapter on a pty, its peer the simulated SAM
speaking the reader's protocol: the card placed and taken off is what the adapter's
poller sees on the line, not an event a test injects.
"""

from __future__ import annotations

import threading

from device_contracts import (
    CardInserted,
    CardRemoved,
    CodeScanned,
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    StatusChanged,
)
from devices.idcard.adapter import Ga467Reader
from devices.idcard.sam_peer import SamPeer
from flows.device_bridge import DeviceEventBridge
from flows.lookup import LookupFlow
from flows.loop import ManualLoop
from tests.fakes.devices import FakeQrScanner
from tests.fakes.platform import HUKOU
from tests.flows.conftest import Env, to_card

CARD = "resident-0"


class Heard:
    """A handler that notes each event's kind and the thread it ran on."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def __call__(self, event: DeviceEvent) -> None:
        self.events.append((type(event).__name__, threading.get_ident()))

    def cards(self) -> list[str]:
        return [kind for kind, _ in self.events if kind.startswith("Card")]


def test_a_card_placed_and_taken_off_arrives_in_order_on_the_loop_thread(
    peer: SamPeer, reader: Ga467Reader
) -> None:
    loop = ManualLoop()
    bridge = DeviceEventBridge(loop)
    device_threads: set[int] = set()
    reader.subscribe(
        lambda e: (
            device_threads.add(threading.get_ident())
            if isinstance(e, CardInserted | CardRemoved)
            else None
        )
    )
    bridge.attach([reader])
    heard = Heard()
    bridge.subscribe(heard)

    peer.place_card(CARD)
    assert loop.run_until(lambda: bridge.card_present(reader.name) is True)
    peer.remove_card()
    assert loop.run_until(lambda: bridge.card_present(reader.name) is False)

    assert heard.cards() == ["CardInserted", "CardRemoved"]
    here = threading.get_ident()  # the thread draining the loop: the flows' thread
    assert {thread for _, thread in heard.events} == {here}
    assert device_threads and here not in device_threads  # the reader spoke on its own
    status = bridge.status(reader.name)
    assert status is not None and status.state is DeviceState.ONLINE


def test_the_journey_hears_the_card_while_it_runs_and_nothing_once_it_ended(
    env: Env, peer: SamPeer, reader: Ga467Reader
) -> None:
    bridge, devices = env.wired(reader)
    flow = env.declaration(consent=None, devices=devices, events=bridge)
    told: list[bool | None] = []
    flow.subscribe(lambda: told.append(flow.session.card_on_reader))
    env.loop.run_pending()
    assert bridge.listening == 0  # idle: no journey listens

    to_card(env, flow, HUKOU)
    assert flow.state == "reading_card" and bridge.listening == 1
    peer.place_card(CARD)  # the waiting read takes it, the reader says it lies there
    env.settle(lambda: flow.state == "face_consent" and flow.session.card_on_reader is True)
    peer.remove_card()  # taken off while the journey still runs
    env.settle(lambda: flow.session.card_on_reader is False)
    assert told[-1] is False  # the presenter was told

    flow.cancel()
    assert bridge.listening == 0 and flow.session.card_on_reader is None
    heard_before = len(told)
    peer.place_card(CARD)
    assert env.loop.run_until(lambda: bridge.card_present(reader.name) is True)
    assert flow.session.card_on_reader is None  # the ended journey heard nothing
    assert len(told) == heard_before


def test_a_card_left_on_the_reader_is_known_to_the_next_journey_at_once(
    env: Env, peer: SamPeer, reader: Ga467Reader
) -> None:
    bridge, devices = env.wired(reader)
    peer.place_card(CARD)
    assert env.loop.run_until(lambda: bridge.card_present(reader.name) is True)

    lookup = LookupFlow(devices, env.platform, env.loop, events=bridge)
    lookup.start()
    assert lookup.session.card_on_reader is True  # before any new event
    lookup.cancel()
    assert bridge.listening == 0


def test_every_kind_of_unsolicited_event_passes_and_a_failing_journey_stops_no_other() -> None:
    loop = ManualLoop()
    bridge = DeviceEventBridge(loop)
    scanner = FakeQrScanner()
    bridge.attach([scanner])
    heard = Heard()

    def broken(_event: DeviceEvent) -> None:
        raise RuntimeError("a journey's bug")

    bridge.subscribe(broken)
    stop = bridge.subscribe(heard)
    loop.run_pending()
    offline = DeviceStatus(DeviceState.OFFLINE, "unplugged")
    sent = (
        CodeScanned(scanner.name, "ZW-0001"),
        StatusChanged(scanner.name, offline),
        CardInserted("staff_card"),
        CardRemoved("staff_card"),
    )

    def device_thread() -> None:
        for event in sent:
            scanner._listeners.emit(event)

    from_device = threading.Thread(target=device_thread)
    from_device.start()
    from_device.join()
    loop.run_pending()
    assert [kind for kind, _ in heard.events] == [
        "StatusChanged",  # told at once on subscribe: the scanner's status
        "CodeScanned",
        "StatusChanged",
        "CardInserted",
        "CardRemoved",
    ]
    assert bridge.status(scanner.name) == offline
    assert bridge.card_present("staff_card") is False

    stop()
    bridge.close()
    scanner._listeners.emit(CodeScanned(scanner.name, "late"))
    loop.run_pending()
    assert len(heard.events) == 5
