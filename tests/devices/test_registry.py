"""Building a DeviceSet from plain config data."""

from __future__ import annotations

import pytest

from device_contracts import Device
from devices.declaration import DriverDeclaration
from devices.registry import (
    DeviceConfigError,
    DeviceKind,
    DriverSpec,
    build_device,
    build_devices,
    declarations,
    declare,
    known_drivers,
)
from devices.sim import SimIdCardReader, SimLockerBank, SimQrScanner
from tests.devices.conftest import compartments

ALL_SIM: dict[str, dict[str, object]] = {kind.value: {"driver": "sim"} for kind in DeviceKind}


def test_builds_every_kind_with_the_sim_driver() -> None:
    config = {**ALL_SIM, "id_reader": {"driver": "sim", "auto_place_after": 2, "auto_card": 1}}
    devices = build_devices(config, compartments())
    assert isinstance(devices.id_reader, SimIdCardReader)
    assert devices.id_reader.auto_place_after == 2.0 and devices.id_reader.auto_card == 1
    assert isinstance(devices.lockers, SimLockerBank)
    assert [c.id for c in devices.lockers.compartments()] == ["A01", "A02", "B01"]
    assert [d.name for d in devices.all()] == [k.value for k in DeviceKind]
    assert known_drivers("printer") == ["escpos", "sim"]


@pytest.mark.parametrize(
    ("section", "key", "message"),
    [
        (
            {"driver": "nope"},
            "devices.printer.driver",
            "unknown driver 'nope' (known: escpos, sim)",
        ),
        ({}, "devices.printer.driver", "is required"),
        ({"driver": "sim", "delay_s": "fast"}, "devices.printer.delay_s", "must be a number"),
        ({"driver": "sim", "delay_s": -1}, "devices.printer.delay_s", "must not be negative"),
        ({"driver": "sim", "colour": True}, "devices.printer.colour", "unknown option"),
    ],
)
def test_errors_name_the_key(section: dict[str, object], key: str, message: str) -> None:
    with pytest.raises(DeviceConfigError) as caught:
        build_device(DeviceKind.PRINTER, section)
    assert caught.value.key == key
    assert message in str(caught.value)


def test_missing_device_and_missing_compartments() -> None:
    config = {k: v for k, v in ALL_SIM.items() if k != "face"}
    with pytest.raises(DeviceConfigError, match=r"devices\.face"):
        build_devices(config, compartments())
    with pytest.raises(DeviceConfigError, match=r"lockers\.compartments"):
        build_devices(ALL_SIM, [])


def hid_scanner(spec: DriverSpec) -> Device:
    return SimQrScanner(name=f"{spec.name}-{spec.text('path')}")


def wrong(spec: DriverSpec) -> Device:
    return SimQrScanner()


def test_later_drivers_are_declared() -> None:
    withdraw = declare(DriverDeclaration(DeviceKind.QR_SCANNER, "hid", f"{__name__}:hid_scanner"))
    try:
        device = build_device(DeviceKind.QR_SCANNER, {"driver": "hid", "path": "event3"})
        assert device.name == "qr_scanner-event3"
        assert "hid" in known_drivers(DeviceKind.QR_SCANNER)
    finally:
        withdraw()
    assert "hid" not in known_drivers(DeviceKind.QR_SCANNER)


def test_a_driver_must_build_the_right_kind() -> None:
    withdraw = declare(DriverDeclaration(DeviceKind.PRINTER, "wrong", f"{__name__}:wrong"))
    try:
        with pytest.raises(TypeError, match="wrong"):
            build_device(DeviceKind.PRINTER, {"driver": "wrong"})
    finally:
        withdraw()


def test_every_folder_with_a_manifest_declares_its_drivers() -> None:
    """The registry finds the drivers by scanning devices/ (no list of them anywhere)."""
    found = {(d.kind.value, d.name) for d in declarations()}
    assert {(k.value, "sim") for k in DeviceKind} <= found
    assert {
        ("id_reader", "ga467"),
        ("document_camera", "opencv"),
        ("face", "dlib"),
        ("printer", "escpos"),
        ("lockers", "rs485"),
        ("lockers", "modbus"),
        ("qr_scanner", "serial"),
        ("staff_card", "pcsc"),
    } <= found
