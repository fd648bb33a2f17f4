"""Devices opened after the first paint (kiosk/late_open.py): "warming up" until then,
their commands still work, and nothing else opens them."""

from __future__ import annotations

from pathlib import Path

from device_contracts import CompletionCode, DeviceEvent, DeviceState, StatusChanged
from devices.registry import DeviceKind, build_device
from devices.sim.document_camera import SimDocumentCamera
from devices.sim.qr_scanner import SimQrScanner
from kiosk.late_open import WARMING_UP_DETAIL, LateOpen
from kiosk.services import KioskServices
from tests.fakes.site_template import embedded_demo_config


def test_warming_up_until_opened_then_the_devices_own_status() -> None:
    late = LateOpen(SimQrScanner())
    events: list[DeviceEvent] = []
    late.subscribe(events.append)
    late.open()  # what KioskServices.start calls: nothing happens yet
    assert late.status().state is DeviceState.BUSY
    assert late.status().detail == WARMING_UP_DETAIL
    assert late.status().operational  # commands may be sent: they wait for the open
    late.capabilities()  # not a command: does not open it
    assert not late.opened

    late.open_now()
    assert late.status().state is DeviceState.ONLINE
    states = [e.status.detail or e.status.state for e in events if isinstance(e, StatusChanged)]
    assert states == [WARMING_UP_DETAIL, DeviceState.ONLINE]
    late.close()
    assert late.device.status().state is DeviceState.OFFLINE


def test_a_command_before_the_warm_up_opens_the_device_itself() -> None:
    camera = SimDocumentCamera(capture_delay=0.0)
    late = LateOpen(camera)
    done = late.capture_page(5.0).result(10.0)
    assert done.code is CompletionCode.SUCCESS  # a closed sim camera says DEVICE_NOT_READY
    assert late.opened
    late.close()


def test_a_camera_is_probed_at_the_late_open_not_before(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-camera.png"
    camera = build_device(DeviceKind.DOCUMENT_CAMERA, {"driver": "opencv", "source": str(missing)})
    late = LateOpen(camera)
    late.open()
    assert late.status().detail == WARMING_UP_DETAIL  # nothing was probed yet
    late.open_now()
    assert late.status().state is DeviceState.OFFLINE  # the probe found no camera
    late.close()


def test_services_leave_the_named_devices_to_open_late(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = KioskServices.start(
        embedded_demo_config(data), data_dir=data, open_later=("face", "document_camera")
    )
    try:
        assert services.metrics.device_states()["face"] is DeviceState.BUSY
        assert services.devices.face.status().detail == WARMING_UP_DETAIL
        assert services.devices.id_reader.status().state is DeviceState.ONLINE
        services.open_late()
        assert services.metrics.device_states()["face"] is DeviceState.ONLINE
        assert services.metrics.device_states()["document_camera"] is DeviceState.ONLINE
    finally:
        services.close()
