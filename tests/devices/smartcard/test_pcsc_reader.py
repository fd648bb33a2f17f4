"""The PC/SC staff-card adapter against a private pcscd + vpcd + the project's virtual card.

Everything here goes over real PC/SC: pyscard -> libpcsclite -> pcscd -> the
vpcd driver -> TCP -> :class:`VirtualCard`. No mocks. pcscd looks for cards
every 0.4 s, so the reading tests share one card left in the reader and change
what it answers; the event tests insert and remove their own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest

from device_contracts import Completion, CompletionCode, DeviceState, StaffCard
from devices.smartcard.adapter import PcscStaffCardReader
from devices.smartcard.errors import (
    CardExpired,
    FileNotFound,
    NotAStaffCard,
    ReaderUnavailable,
    RecordError,
    SecurityNotSatisfied,
    WrongParameters,
)
from devices.smartcard.record import StaffRecord, encode_record
from devices.smartcard.virtual_card import SAMPLE_RECORD, StaffCardApplet, VirtualCard
from tests.devices.smartcard.conftest import wait_reader_empty, wait_state
from tests.devices.smartcard.helpers import make_reader
from tests.devices.smartcard.pcscd_harness import PrivatePcscd


@pytest.fixture(scope="module")
def lying_card(pcscd: PrivatePcscd) -> Iterator[VirtualCard]:
    """One card left in the reader for the reading tests."""
    if pcscd.pid is None:
        pcscd.start()
    card = VirtualCard(StaffCardApplet(), port=pcscd.port, connect=pcscd.connect)
    card.insert()
    yield card
    card.remove()
    if pcscd.pid is not None:
        wait_reader_empty()


@pytest.fixture
def inserted(lying_card: VirtualCard) -> VirtualCard:
    """The lying card, back to a fresh personalisation."""
    lying_card.applet.record = encode_record(SAMPLE_RECORD)
    lying_card.applet.fail_next = []
    lying_card.applet.commands.clear()
    if not lying_card.inserted:
        lying_card.insert()
    return lying_card


@pytest.fixture
def reader(pcscd: PrivatePcscd) -> Iterator[PcscStaffCardReader]:
    device = make_reader()
    device.open()
    wait_state(device, DeviceState.ONLINE)
    yield device
    device.close()


def read(reader: PcscStaffCardReader, timeout: float = 3.0) -> Completion[StaffRecord]:
    return reader.read_staff_record(timeout).result(timeout + 3)


def test_reads_the_staff_record(reader: PcscStaffCardReader, inserted: VirtualCard) -> None:
    c = read(reader)
    assert c.ok, c.detail
    record = c.value
    assert (record.card_number, record.staff_id, record.role) == (
        "04A1B2C3D4E5F6",
        "C0107",
        "clerk",
    )
    assert record.name == "王小明"
    assert record.valid_until == date(2030, 12, 31)
    assert record.atr == inserted.atr.hex().upper()
    assert "王" not in repr(record)  # personal data stays out of reprs
    assert reader.reader_name is not None and "kiosk-test" in reader.reader_name
    # SELECT by AID, then READ BINARY by SFI 1
    assert inserted.applet.commands[0].hex().upper() == "00A4040C09F05A5A4B5354414646"
    assert inserted.applet.commands[1].hex().upper() == "00B0810004"


def test_read_staff_card_gives_the_card_number_as_uid(
    reader: PcscStaffCardReader, inserted: VirtualCard
) -> None:
    c = reader.read_staff_card(3).result(6)
    assert c.ok, c.detail
    assert c.value == StaffCard("04A1B2C3D4E5F6", inserted.atr.hex().upper())


def test_wrong_aid_is_not_a_staff_card(inserted: VirtualCard) -> None:
    device = make_reader(aid=bytes.fromhex("A000000003000000"))
    device.open()
    try:
        wait_state(device, DeviceState.ONLINE)
        c = read(device)
    finally:
        device.close()
    assert c.code is CompletionCode.INVALID_DATA
    assert c.text == NotAStaffCard.text_default
    assert "SELECT: SW 6A82" in c.detail


@pytest.mark.parametrize(
    ("replies", "error"),
    [
        ([b"\x90\x00", b"\x6b\x00"], WrongParameters),  # READ BINARY offset refused
        ([b"\x90\x00", b"\x6a\x82"], FileNotFound),  # no staff record file
        ([b"\x90\x00", b"\x69\x82"], SecurityNotSatisfied),
    ],
)
def test_status_words_become_typed_errors(
    reader: PcscStaffCardReader,
    inserted: VirtualCard,
    replies: list[bytes],
    error: type[Exception],
) -> None:
    inserted.applet.fail_next = list(replies)
    c = read(reader)
    assert not c.ok
    assert c.text == getattr(error, "text_default")  # noqa: B009
    assert f"SW {replies[-1].hex().upper()}" in c.detail


def test_malformed_and_expired_records_are_refused(
    reader: PcscStaffCardReader, inserted: VirtualCard
) -> None:
    inserted.applet.record = b"\x70\x03\x80\x01\x09"  # version 9
    c = read(reader)
    assert c.code is CompletionCode.INVALID_DATA and c.text == RecordError.text_default
    expired = StaffRecord("0102030405", "T0001", "technician", "", date(2020, 1, 1))
    inserted.applet.record = encode_record(expired)
    c = read(reader)
    assert c.code is CompletionCode.INVALID_DATA and c.text == CardExpired.text_default


def test_long_record_is_read_in_chunks(reader: PcscStaffCardReader, inserted: VirtualCard) -> None:
    # a record of a later version may carry more tags: several READ BINARY chunks
    body = encode_record(SAMPLE_RECORD)[2:] + b"\x9f\x82\x01\x90" + bytes(400)
    inserted.applet.record = b"\x70\x82" + len(body).to_bytes(2, "big") + body
    c = read(reader)
    assert c.ok, c.detail
    reads = [apdu for apdu in inserted.applet.commands if apdu[1] == 0xB0]
    assert len(reads) == 3  # the 4-byte header, then 224 bytes, then the rest


def test_virtual_readers_are_refused_unless_allowed(pcscd: PrivatePcscd) -> None:
    device = make_reader(allow_virtual_reader=False)
    device.open()
    try:
        time.sleep(0.3)
        assert device.status().state is DeviceState.OFFLINE
        assert device.status().message == ReaderUnavailable.text_default
        assert device.reader_name is None
    finally:
        device.close()


def test_close_is_prompt_and_idempotent(
    reader: PcscStaffCardReader, lying_card: VirtualCard
) -> None:
    lying_card.remove()
    wait_reader_empty()
    op = reader.read_staff_record(30)
    start = time.monotonic()
    reader.close()
    reader.close()
    assert time.monotonic() - start < 2
    assert op.result(3).code in (CompletionCode.CANCELLED, CompletionCode.DEVICE_NOT_READY)
    assert reader.status().state is DeviceState.OFFLINE
