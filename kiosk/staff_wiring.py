"""Composition for the journeys added after the first two: staff mode (clerk,
technician), progress query / appointment check-in, audited doors, the staff
confirmation of the resident journeys' assisted path, and the bridge of unsolicited
device events.

Called from :func:`kiosk.app.build_window`; kept apart so the composition root
stays short. Concrete classes are built only here and in ``services``.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from device_contracts import Device, DeviceSet
from flows.assisted import StaffCheck
from flows.audit import AuditedLockerBank, audit_tamper
from flows.device_bridge import DeviceEventBridge
from flows.lookup import LookupFlow
from flows.ports import FlowLoop
from flows.settings import FlowSettings
from flows.staff import StaffFlow
from kiosk.ops.diagnostics import KioskDiagnostics, QueueCounts, log_ring
from kiosk.paths import ASSETS, DEMO_STAFF_DIRECTORY
from kiosk.site_setup import SiteSetupService, running_sections
from kiosk.staff_directory import DB_FILE, FileStaffDirectory

if TYPE_CHECKING:
    from kiosk.bridge import QtFlowLoop
    from kiosk.services import KioskServices

#: the clerk stands at the cabinet: a door that has not opened in 4 s is jammed,
#: and the next compartment is tried at once
STAFF_SETTINGS = FlowSettings(door_open_timeout=4.0, staff_timeout=120.0)


def resident_devices(services: KioskServices, devices: DeviceSet) -> DeviceSet:
    """``devices`` with every door command of the resident journeys in the audit log."""
    if services.audit is None:
        return devices
    services.devices.lockers.subscribe(audit_tamper(services.audit, services.ledger))
    return replace(
        devices, lockers=AuditedLockerBank(devices.lockers, services.audit, services.ledger)
    )


def diagnostics(services: KioskServices) -> KioskDiagnostics:
    def devices() -> list[Device]:
        extra = [services.staff_reader] if services.staff_reader is not None else []
        return [*services.devices.all(), *extra]

    def queue() -> QueueCounts:
        status = services.platform.queue_status()
        failed = sum(n for k, n in status.counts.items() if k.endswith(".failed"))
        return QueueCounts(status.pending, failed, status.oldest_pending_age, status.damaged)

    return KioskDiagnostics(
        devices, services.platform.reachable, queue, services.data_dir, log_ring()
    )


def staff_directory_path(services: KioskServices) -> Path:
    """The site's staff directory next to its data, else the demo one."""
    site = services.data_dir / "staff.json"
    return site if site.exists() else DEMO_STAFF_DIRECTORY


def site_setup(services: KioskServices, config_path: Path) -> SiteSetupService:
    """The technician's site setup over the kiosk's config file. The packaged demo
    config is never overwritten: a demo saves to ``site.toml`` in its data dir."""
    packaged = config_path.resolve().is_relative_to(ASSETS.resolve())
    target = services.data_dir / "site.toml" if packaged else config_path
    return SiteSetupService(
        config_path,
        target,
        devices=services.devices,
        running=running_sections(services.config),
        resolved=services.device_sections,
        terminal_id=services.terminal_id,
    )


def load_staff_directory(services: KioskServices) -> FileStaffDirectory:
    """The site's staff cards and PINs over the kiosk's one PIN store. Built once and
    shared by staff mode and the assisted path, so both count wrong PINs in one place."""
    return FileStaffDirectory.load(
        staff_directory_path(services), state=services.data_dir / DB_FILE
    )


def build_staff_check(
    services: KioskServices, directory: FileStaffDirectory | None
) -> StaffCheck | None:
    """How staff confirm a resident's identity on the assisted path (staff card + PIN,
    audited); None without an audit log, and then the assisted path cannot go on."""
    if services.audit is None or directory is None:
        return None
    return StaffCheck(directory=directory, audit=services.audit, reader=services.staff_reader)


def build_staff_flow(
    services: KioskServices,
    loop: FlowLoop,
    config_path: Path | None = None,
    directory: FileStaffDirectory | None = None,
) -> StaffFlow | None:
    if services.audit is None:
        return None
    return StaffFlow(
        services.devices,
        services.platform,
        services.ledger,
        loop,
        services.terminal_id,
        directory=directory if directory is not None else load_staff_directory(services),
        audit=services.audit,
        diagnostics=diagnostics(services),
        staff_reader=services.staff_reader,
        site_setup=site_setup(services, config_path) if config_path is not None else None,
        settings=STAFF_SETTINGS,
    )


def build_lookup_flow(
    services: KioskServices,
    devices: DeviceSet,
    loop: FlowLoop,
    events: DeviceEventBridge | None = None,
) -> LookupFlow:
    return LookupFlow(devices, services.platform, loop, events=events, audit=services.audit)


def device_events(services: KioskServices, loop: QtFlowLoop) -> DeviceEventBridge:
    """The one bridge of unsolicited device events into the journeys: every device of
    the site (and the staff-card reader) attached once, for as long as the loop lives."""
    bridge = DeviceEventBridge(loop)
    extra = [services.staff_reader] if services.staff_reader is not None else []
    bridge.attach([*services.devices.all(), *extra])
    # a device closed after the window (the services close last) posts nowhere
    loop.destroyed.connect(lambda *_: bridge.close())
    return bridge
