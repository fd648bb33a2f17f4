"""Card events and recovery over real PC/SC: cards laid and taken away, pcscd stopped
and restarted, pcscd answering without our reader and then with it again.

A vpcd reader cannot be unplugged from a *running* pcscd (Debian's pcscd ignores
SIGUSR1 / ``pcscd --hotplug`` for reader.conf.d readers; see pcscd_harness.py and
ADR 0008), so "reader unplugged" here is pcscd restarted without the reader, and
:func:`test_sigusr1_does_not_unplug_a_serial_reader` keeps checking that this is
still the only way."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from device_contracts import CardInserted, CardRemoved, CompletionCode, DeviceState, StaffCard
from devices.smartcard.adapter import PcscStaffCardReader
from devices.smartcard.errors import ReaderUnavailable, ServiceUnavailable
from devices.smartcard.pcsc import Context
from devices.smartcard.virtual_card import VirtualCard
from tests.devices.smartcard.conftest import Events, wait_state, wait_until
from tests.devices.smartcard.helpers import make_reader, pcsc_client_sockets
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
    contexts = pcsc_client_sockets()  # the monitor's context
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
    assert pcsc_client_sockets() == contexts  # the dead daemon's context was released


def test_reader_gone_and_back_twice(
    daemon: PrivatePcscd, card: VirtualCard, events: Events
) -> None:
    """pcscd restarted without the reader (it answers, but lists no reader), then with it,
    twice in a row: offline "reader not connected", reads refused with that typed error,
    online again by itself, card events and reads resume, and no context is left behind."""
    before = pcsc_client_sockets()
    device = make_reader()
    device.subscribe(events)
    device.open()
    try:
        wait_state(device, DeviceState.ONLINE)
        online = pcsc_client_sockets()
        assert online == before + 1  # the monitor's one context
        card.insert()
        events.wait_for(CardInserted)
        for cycle in (1, 2):
            daemon.restart(with_reader=False)
            # the daemon answers but has no reader: "reader not connected", not "service down"
            wait_until(
                lambda: device.status().message == ReaderUnavailable.text_default,
                what=f"reader offline (cycle {cycle})",
            )
            assert device.status().state is DeviceState.OFFLINE
            events.wait_for(CardRemoved, cycle)
            assert not device.card_present and device.reader_name is None
            c = device.read_staff_card(1).result(4)
            assert c.code is CompletionCode.DEVICE_NOT_READY
            assert c.text == ReaderUnavailable.text_default
            card.remove()  # it was in the old daemon's reader

            daemon.restart(with_reader=True)
            wait_state(device, DeviceState.ONLINE)
            card.insert()
            events.wait_for(CardInserted, cycle + 1)
            c = device.read_staff_card(3).result(6)
            assert c.ok, c.detail
            assert c.value == StaffCard("04A1B2C3D4E5F6", card.atr.hex().upper())
            assert pcsc_client_sockets() == online, f"a PC/SC context leaked in cycle {cycle}"
    finally:
        device.close()
    assert pcsc_client_sockets() == before


def test_sigusr1_does_not_unplug_a_serial_reader(daemon: PrivatePcscd) -> None:
    """Why "reader unplugged" is simulated by restarting pcscd: the running daemon keeps a
    reader.conf.d reader whose entry is gone, even when told to rescan (SIGUSR1, which is what
    ``pcscd --hotplug`` sends). If this fails, pcscd has learned to drop such readers: use that
    for a real unplug in the tests above and update ADR 0008."""
    conf = daemon.conf_dir / "vpcd"
    entry = conf.read_text()
    conf.unlink()
    try:
        daemon.rescan()
        time.sleep(0.3)  # a libusb-built pcscd rescans on another thread after logging
        with Context() as ctx:
            readers = [r for r in ctx.readers() if "kiosk-test" in r]
        assert readers, "pcscd dropped the vpcd reader on SIGUSR1: use that as a real unplug"
    finally:
        conf.write_text(entry)


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
