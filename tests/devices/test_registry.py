"""Building a DeviceSet from plain config data."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devices import registry
from devices.base import Device
from devices.registry import (
    DeviceConfigError,
    DeviceKind,
    DriverSpec,
    build_device,
    build_devices,
    driver,
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


@pytest.fixture
def scratch_registry() -> Iterator[None]:
    saved = dict(registry._factories)
    yield
    registry._factories.clear()
    registry._factories.update(saved)


@pytest.mark.usefixtures("scratch_registry")
def test_later_drivers_register_with_a_decorator() -> None:
    @driver(DeviceKind.QR_SCANNER, "hid")
    def hid_scanner(spec: DriverSpec) -> Device:
        return SimQrScanner(name=f"{spec.name}-{spec.text('path')}")

    device = build_device(DeviceKind.QR_SCANNER, {"driver": "hid", "path": "event3"})
    assert device.name == "qr_scanner-event3"
    assert "hid" in known_drivers(DeviceKind.QR_SCANNER)


@pytest.mark.usefixtures("scratch_registry")
def test_a_driver_must_build_the_right_kind() -> None:
    @driver(DeviceKind.PRINTER, "wrong")
    def wrong(spec: DriverSpec) -> Device:
        return SimQrScanner()

    with pytest.raises(TypeError, match="wrong"):
        build_device(DeviceKind.PRINTER, {"driver": "wrong"})
