"""Turns a validated site config into the site's devices (the composition root's job)."""

from __future__ import annotations

from device_contracts import DeviceSet
from devices.registry import build_devices
from kiosk.site_config import SiteConfig


def build_device_set(config: SiteConfig) -> DeviceSet:
    """Every device of the site, built but not opened (the app opens them off the GUI thread).

    Raises devices.registry.DeviceConfigError naming the key a driver rejected.
    """
    return build_devices(config.devices.as_mapping(), config.lockers.to_compartments())
