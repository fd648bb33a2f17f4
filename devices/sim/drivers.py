"""The factories of the simulated adapters, driver "sim" of every device kind (see manifest.py).

Option names match ``[devices.<kind>]`` in the site config (seconds end in
``_s``; the demo's ``auto_*_after`` are seconds too).
"""

from __future__ import annotations

from device_contracts import Device
from devices.driver_spec import DeviceConfigError, DriverSpec
from devices.sim.document_camera import SimDocumentCamera
from devices.sim.face import SimFaceVerifier
from devices.sim.id_reader import SimIdCardReader
from devices.sim.lockers import SimLockerBank
from devices.sim.printer import SimReceiptPrinter
from devices.sim.qr_scanner import SimQrScanner


def id_reader(spec: DriverSpec) -> Device:
    reader = SimIdCardReader(
        name=spec.name,
        identities_path=spec.optional_path("identities"),
        auto_place_after=spec.optional_number("auto_place_after"),
        read_delay=spec.number("delay_s", 0.3),
    )
    auto_card = spec.integer("auto_card", 0)
    if not 0 <= auto_card < len(reader.identities):
        raise DeviceConfigError(spec.key("auto_card"), f"must be 0..{len(reader.identities) - 1}")
    reader.auto_card = auto_card
    return reader


def document_camera(spec: DriverSpec) -> Device:
    return SimDocumentCamera(name=spec.name, capture_delay=spec.number("delay_s", 0.4))


def face(spec: DriverSpec) -> Device:
    return SimFaceVerifier(
        name=spec.name,
        delay=spec.number("delay_s", 0.8),
        threshold=spec.number("threshold", 0.6),
        require_reference=spec.flag("require_reference", False),
        step_s=spec.number("step_s", 6.0),
    )


def printer(spec: DriverSpec) -> Device:
    return SimReceiptPrinter(name=spec.name, print_delay=spec.number("delay_s", 0.3))


def lockers(spec: DriverSpec) -> Device:
    if not spec.compartments:
        raise DeviceConfigError("lockers.compartments", "no compartments configured")
    return SimLockerBank(
        spec.compartments,
        name=spec.name,
        open_delay=spec.number("delay_s", 0.2),
        auto_close_after=spec.optional_number("auto_close_after"),
    )


def qr_scanner(spec: DriverSpec) -> Device:
    return SimQrScanner(name=spec.name)


def staff_card(spec: DriverSpec) -> Device:
    from devices.sim.staff_card import SimStaffCardReader

    return SimStaffCardReader(name=spec.name)


def document_printer(spec: DriverSpec) -> Device:
    from devices.sim.document_printer import SimDocumentPrinter

    return SimDocumentPrinter(name=spec.name, print_delay=spec.number("delay_s", 0.5))
