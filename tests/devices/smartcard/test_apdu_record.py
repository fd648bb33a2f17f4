"""APDUs, status words, the staff record layout and the applet: pure, no pcscd."""

from __future__ import annotations

from datetime import date

import pytest

from device_contracts import CompletionCode, DeviceError
from devices.registry import DeviceConfigError, DeviceKind, build_device, build_devices
from devices.smartcard import errors
from devices.smartcard.apdu import Response, exchange, parse_aid, read_binary, select_aid
from devices.smartcard.record import StaffRecord, decode_record, encode_record
from devices.smartcard.virtual_card import SAMPLE_RECORD, StaffCardApplet
from kiosk.site_config import SiteConfigError, parse_site_config
from tests.devices.conftest import compartments


def test_record_round_trip_and_layout() -> None:
    raw = encode_record(SAMPLE_RECORD)
    assert raw[:2] == bytes((0x70, len(raw) - 2))
    assert raw[2:5] == b"\x80\x01\x01"
    assert decode_record(raw + b"\x00\x00") == SAMPLE_RECORD  # trailing file bytes ignored
    tech = StaffRecord("0102030405060708", "T-01", "technician")
    assert decode_record(encode_record(tech)) == tech


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"\x6f\x00",
        b"\x70\x05\x80\x01\x01",  # shorter than it says
        b"\x70\x03\x80\x01\x02",  # version 2
        b"\x70\x06\x80\x01\x01\x80\x01\x01",  # tag twice
        b"\x70\x03\x80\x01\x01",  # no card number, id, role
        b"\x70\x83\x00\x00\x01",  # length form
    ],
)
def test_bad_records_raise_record_error(raw: bytes) -> None:
    with pytest.raises(errors.RecordError):
        decode_record(raw)


def test_record_fields_are_checked() -> None:
    good = encode_record(SAMPLE_RECORD)
    bad_role = good.replace(b"\x83\x01\x01", b"\x83\x01\x07")
    with pytest.raises(errors.RecordError, match="role"):
        decode_record(bad_role)
    bad_date = good.replace(b"20301231", b"20301332")
    with pytest.raises(errors.RecordError, match="date"):
        decode_record(bad_date)
    assert SAMPLE_RECORD.expired(date(2031, 1, 1))
    assert not SAMPLE_RECORD.expired(date(2030, 12, 31))


def test_status_words_map_to_typed_errors() -> None:
    assert isinstance(errors.status_error(0x6A82, "SELECT"), errors.NotAStaffCard)
    assert isinstance(errors.status_error(0x6A82, "READ BINARY"), errors.FileNotFound)
    assert isinstance(errors.status_error(0x6B00, "READ BINARY"), errors.WrongParameters)
    assert isinstance(errors.status_error(0x6D00, "X"), errors.InstructionNotSupported)
    assert isinstance(errors.status_error(0x6E00, "X"), errors.ClassNotSupported)
    unknown = errors.status_error(0x6F12, "X")
    assert type(unknown) is errors.StatusWordError and unknown.sw == 0x6F12
    for exc in (errors.NotAStaffCard(0x6A82, "SELECT"), errors.ServiceUnavailable("x")):
        assert isinstance(exc, DeviceError) and exc.message.zh and exc.message.en
    assert errors.NoCard("x").code is CompletionCode.NO_MEDIA


def test_exchange_follows_61xx_and_6cxx() -> None:
    sent: list[bytes] = []
    replies = [b"\x6c\x04", b"\x01\x02\x61\x02", b"\x03\x04\x90\x00"]

    def transmit(apdu: bytes) -> bytes:
        sent.append(apdu)
        return replies.pop(0)

    assert exchange(transmit, read_binary(0, 2, sfi=1)) == Response(b"\x01\x02\x03\x04", 0x9000)
    assert sent == [
        bytes.fromhex("00B0810002"),
        bytes.fromhex("00B0810004"),
        bytes.fromhex("00C0000002"),
    ]


def test_applet_answers() -> None:
    applet = StaffCardApplet()
    assert applet.process(bytes.fromhex("00B0810004")) == b"\x6a\x82"  # nothing selected
    assert applet.process(select_aid(bytes.fromhex("A000000003")).to_bytes()) == b"\x6a\x82"
    assert applet.process(select_aid(applet.aid).to_bytes()) == b"\x90\x00"
    assert applet.process(bytes.fromhex("00B0000004")) == b"\x69\x86"  # no current EF yet
    head = applet.process(bytes.fromhex("00B0810004"))
    assert head[-2:] == b"\x90\x00" and head[0] == 0x70
    assert applet.process(bytes.fromhex("00B0820000")) == b"\x6a\x82"  # SFI 2
    assert applet.process(bytes.fromhex("00B07F0001")) == b"\x6b\x00"  # past the end
    tail = applet.process(bytes.fromhex("00B0000400"))
    assert tail[-2:] == b"\x62\x82"  # end of file before 256 bytes
    assert applet.process(bytes.fromhex("0084000008")) == b"\x6d\x00"
    assert applet.process(bytes.fromhex("A0B0810004")) == b"\x6e\x00"


def test_aid_parsing() -> None:
    assert parse_aid("F0 5A:5A 4B 53") == bytes.fromhex("F05A5A4B53")
    for bad in ("xyz", "F0"):
        with pytest.raises(ValueError):
            parse_aid(bad)


def test_pcsc_driver_options_are_checked() -> None:
    device = build_device(DeviceKind.STAFF_CARD, {"driver": "pcsc", "reader": "ACR39"})
    assert device.capabilities()["reader"] == "ACR39"
    with pytest.raises(DeviceConfigError, match=r"devices\.staff_card\.aid"):
        build_device(DeviceKind.STAFF_CARD, {"driver": "pcsc", "aid": "12"})
    with pytest.raises(DeviceConfigError, match=r"devices\.staff_card\.poll_s"):
        build_device(DeviceKind.STAFF_CARD, {"driver": "pcsc", "poll_s": 100})
    with pytest.raises(DeviceConfigError, match="unknown option"):
        build_device(DeviceKind.STAFF_CARD, {"driver": "pcsc", "readr": "x"})


def test_staff_card_is_optional_and_goes_to_extra() -> None:
    sims = {
        kind.value: {"driver": "sim"} for kind in DeviceKind if kind is not DeviceKind.STAFF_CARD
    }
    assert "staff_card" not in build_devices(sims, compartments()).extra
    devices = build_devices({**sims, "staff_card": {"driver": "pcsc"}}, compartments())
    assert type(devices.extra["staff_card"]).__name__ == "PcscStaffCardReader"


SITE = """
[terminal]
id = "T1"
name = "t"
[devices.id_reader]
driver = "sim"
[devices.document_camera]
driver = "sim"
[devices.face]
driver = "sim"
[devices.printer]
driver = "sim"
[devices.lockers]
driver = "sim"
[devices.qr_scanner]
driver = "sim"
[[lockers.compartments]]
id = "A1"
board = 1
channel = 1
size = "S"
role = "drop"
[[lockers.compartments]]
id = "B1"
board = 1
channel = 2
size = "S"
role = "pickup"
"""


def test_site_config_staff_card_section() -> None:
    assert parse_site_config(SITE).devices.staff_card is None
    config = parse_site_config(SITE + '[devices.staff_card]\ndriver = "pcsc"\nreader = "ACR"\n')
    assert config.devices.as_mapping()["staff_card"] == {"driver": "pcsc", "reader": "ACR"}
    with pytest.raises(SiteConfigError, match=r"devices\.staff_card\.aid"):
        parse_site_config(SITE + '[devices.staff_card]\ndriver = "pcsc"\naid = "zz"\n')
    with pytest.raises(SiteConfigError, match=r"devices\.staff_card\.readr"):
        parse_site_config(SITE + '[devices.staff_card]\ndriver = "pcsc"\nreadr = "x"\n')
    with pytest.raises(SiteConfigError, match=r"devices\.staff_card\.reader: unknown option"):
        parse_site_config(SITE + '[devices.staff_card]\ndriver = "sim"\nreader = "x"\n')
