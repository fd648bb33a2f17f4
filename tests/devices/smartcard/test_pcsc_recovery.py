"""Card events and recovery over real PC/SC: cards laid and taken away, pcscd stopped
and restarted, the reader gone from a running pcscd and back (see pcscd_harness.py
for what "unplugged" can honestly mean with vpcd)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices.base import CardInserted, CardRemoved, CompletionCode, DeviceState, StaffCard
from devices.smartcard.adapter import PcscStaffCardReader
from devices.smartcard.errors import ReaderUnavailable, ServiceUnavailable
from devices.smartcard.virtual_card import VirtualCard
from tests.devices.smartcard.conftest import Events, wait_state, wait_until
from tests.devices.smartcard.helpers import make_reader
from tests.devices.smartcard.pcscd_harness import PrivatePcscd


@pytest.fixture
def reader(daemon: PrivatePcscd) -> Iterator[PcscStaffCardReader]:
    device = make_reader()
    device.open()
    wait_state(device, DeviceState.ONLINE)
    yield device
    device.close()


def test_no_card_times_out(reader: PcscStaffCardReader) -> None:
    c = reader.read_staff_record(0.3).result(5)
    assert c.code is CompletionCode.TIMEOUT
    assert "工作证" in c.text.zh and "staff card" in c.text.en


def test_card_inserted_and_removed_events(
    reader: PcscStaffCardReader, card: VirtualCard, events: Events
) -> None:
    reader.subscribe(events)
    op = reader.read_staff_card(3)  # waiting before the card arrives
    card.insert()
    events.wait_for(CardInserted)
    c = op.result(6)
    assert c.ok, c.detail
    assert c.value == StaffCard("04A1B2C3D4E5F6", card.atr.hex().upper())
    assert reader.card_present
    card.remove()
    events.wait_for(CardRemoved)
    assert not reader.card_present
    op = reader.read_staff_record(3)  # the next read waits for the card laid again
    card.insert()
    events.wait_for(CardInserted, 2)
    assert op.result(6).ok


def test_pcscd_stopped_and_restarted(
    reader: PcscStaffCardReader, card: VirtualCard, daemon: PrivatePcscd, events: Events
) -> None:
    """The whole PC/SC service vanishes (as when a reader's daemon dies) and comes back."""
    reader.subscribe(events)
    card.insert()
    events.wait_for(CardInserted)
    daemon.stop()
    wait_state(reader, DeviceState.OFFLINE)
    events.wait_for(CardRemoved)
    status = reader.status()
    assert status.message == ServiceUnavailable.text_default
    c = reader.read_staff_record(1).result(4)
    assert c.code is CompletionCode.DEVICE_NOT_READY
    assert c.text == ServiceUnavailable.text_default

    daemon.start()
    wait_state(reader, DeviceState.ONLINE)  # a new context, made by the monitor
    card.insert()  # vpcd of the new daemon has no card yet
    c = reader.read_staff_record(3).result(6)
    assert c.ok, c.detail


def test_reader_unplugged_and_replugged(
    reader: PcscStaffCardReader, card: VirtualCard, daemon: PrivatePcscd, events: Events
) -> None:
    """pcscd keeps running but lists no reader, then the reader is back."""
    reader.subscribe(events)
    card.insert()
    events.wait_for(CardInserted)
    daemon.restart(with_reader=False)
    wait_state(reader, DeviceState.OFFLINE)
    # the daemon answers but has no reader: "reader not connected", not "service down"
    wait_until(lambda: reader.status().message == ReaderUnavailable.text_default)
    assert reader.read_staff_record(1).result(4).code is CompletionCode.DEVICE_NOT_READY

    daemon.restart(with_reader=True)
    wait_state(reader, DeviceState.ONLINE)
    card.insert()
    events.wait_for(CardInserted, 2)
    assert reader.read_staff_record(3).result(6).ok


def test_adapter_opened_before_pcscd_comes_online(daemon: PrivatePcscd, card: VirtualCard) -> None:
    daemon.stop()
    device = make_reader()
    device.open()
    try:
        wait_state(device, DeviceState.OFFLINE)
        daemon.start()
        wait_state(device, DeviceState.ONLINE)
        card.insert()
        assert device.read_staff_record(3).result(6).ok
    finally:
        device.close()
    assert device.status().state is DeviceState.OFFLINE
