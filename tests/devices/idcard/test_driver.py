"""Driver "ga467" from the site config: keys, defaults, errors naming the key."""

from __future__ import annotations

import pytest

from devices.idcard.adapter import Ga467Reader
from devices.registry import DeviceConfigError, DeviceKind, build_device
from kiosk.paths import ASSETS
from kiosk.site_config import load_site_config


def test_demo_site_config_builds_the_real_adapter() -> None:
    config = load_site_config(ASSETS / "site" / "demo.toml")
    section = config.devices.id_reader.as_mapping()
    device = build_device(DeviceKind.ID_READER, section)
    assert isinstance(device, Ga467Reader)
    settings = device.settings
    assert (settings.baud, settings.timeout_s, settings.poll_interval_s) == (115200, 2.0, 0.25)


def test_missing_port_names_the_key() -> None:
    with pytest.raises(DeviceConfigError) as caught:
        build_device(DeviceKind.ID_READER, {"driver": "ga467"})
    assert caught.value.key == "devices.id_reader.port"


def test_unloadable_wlt_library_names_the_key() -> None:
    with pytest.raises(DeviceConfigError) as caught:
        build_device(
            DeviceKind.ID_READER, {"driver": "ga467", "port": "/dev/x", "wlt_library": "/nope.so"}
        )
    assert caught.value.key == "devices.id_reader.wlt_library"
