"""The non-Qt half of the composition root: a site's devices, the platform port,
the compartment ledger and, in demo mode, the embedded platform simulator.

Kept apart from the Qt window so headless runs (tests, the fleet benchmark)
build exactly what the kiosk builds.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from device_contracts import Device, DeviceSet, StaffCardReader
from devices.registry import build_devices
from kiosk.demo.peers import DemoPeers
from kiosk.late_open import LateOpen
from kiosk.metrics import KioskMetrics, MetricsServer
from kiosk.site_config import SiteConfig
from offline_cache import audit as audit_db
from offline_cache.audit import SqliteAuditLog
from offline_cache.ledger import SqliteLedger
from offline_cache.platform_port import KioskPlatform

if TYPE_CHECKING:
    from kiosk.payments_wiring import KioskPayments

log = logging.getLogger(__name__)

#: where the embedded simulator runs: "thread" (fast to start: the tests) or "process"
#: (its Python never holds the kiosk's interpreter lock: the kiosk, the demo, the bench)
SimulatorMode = Literal["thread", "process"]


@dataclass
class KioskServices:
    config: SiteConfig
    devices: DeviceSet
    platform: KioskPlatform
    ledger: SqliteLedger
    data_dir: Path
    #: the embedded platform simulator (demo mode), else None
    simulator: object | None = None
    _temp: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)
    #: device states, outbox, journeys (see kiosk/metrics.py); served when a port is given
    metrics: KioskMetrics = field(default_factory=KioskMetrics)
    metrics_server: MetricsServer | None = None
    #: simulated peers behind the real adapters in demo mode (kiosk/demo/peers.py)
    peers: DemoPeers | None = None
    #: staff mode (kiosk/staff_wiring.py): the door/staff audit trail, the staff card reader
    audit: SqliteAuditLog | None = None
    staff_reader: StaffCardReader | None = None
    #: the device sections the devices were built from, demo placeholders resolved
    device_sections: dict[str, dict[str, object]] = field(default_factory=dict)
    #: the gateway's client, the trade ledger, the biller, the recovery (issue 23); None
    #: without ``[payments]`` (kiosk/payments_wiring.py)
    payments: KioskPayments | None = None
    #: devices left to open after the first paint (:meth:`open_late`)
    late: list[LateOpen] = field(default_factory=list)
    #: what must stop before the platform port and the devices close (the help desk's
    #: calls under way), called first by :meth:`close`
    on_close: list[Callable[[], None]] = field(default_factory=list)

    @property
    def terminal_id(self) -> str:
        return self.config.terminal.id

    @property
    def platform_url(self) -> str:
        url = getattr(self.simulator, "url", None)
        return str(url) if url else self.config.platform.url

    @classmethod
    def start(
        cls,
        config: SiteConfig,
        *,
        data_dir: Path | None = None,
        metrics_port: int | None = None,
        demo_peers: str | None = None,
        simulator: SimulatorMode = "thread",
        open_later: Collection[str] = (),
    ) -> KioskServices:
        """Build and open everything. With an empty platform URL the simulator is
        started on loopback first, its database under the data dir. With
        ``metrics_port`` (0: any free port) /metrics and /health serve on loopback.
        ``demo_peers`` ("auto" or "manual") starts simulated peers for every device
        whose port or URL is the placeholder "@demo" (see kiosk/demo/peers.py).
        ``simulator``: the embedded simulator on a thread of this process or in a
        child process (see :data:`SimulatorMode`).
        ``open_later``: device kinds (``"face"``, ...) built now but opened by
        :meth:`open_late`, once the window is up (kiosk/late_open.py); their status
        says "warming up" until then."""
        temp: tempfile.TemporaryDirectory[str] | None = None
        if data_dir is None:
            if config.platform.embedded_simulator:
                # a demo starts from a clean slate unless a data dir is given
                temp = tempfile.TemporaryDirectory(prefix="kiosk-demo-")
                data_dir = Path(temp.name)
            else:
                data_dir = config.data.dir
        data_dir.mkdir(parents=True, exist_ok=True)

        running: object | None = None
        url = config.platform.url
        from kiosk.payments_wiring import open_payments, start_embedded_gateway

        # the demo's payment gateway first: the embedded platform is told its public key
        gateway_sim = start_embedded_gateway(config, data_dir, simulator)
        gateway_key = None if gateway_sim is None else gateway_sim.gateway_public_key_path
        if config.platform.embedded_simulator:
            from platform_sim.server import start_in_subprocess, start_in_thread

            db = data_dir / "platform-sim.sqlite3"
            # the child's start (imports, seeding: ~1 s) overlaps the kiosk's own; nothing
            # asks the platform before the first paint, and what does waits in its backlog
            started = (
                start_in_subprocess(db, wait=False, gateway_public_key=gateway_key)
                if simulator == "process"
                else start_in_thread(db, gateway_public_key=gateway_key)
            )
            running, url = started, started.url
            log.info(
                "embedded platform simulator started",
                extra={"port": started.port, "mode": simulator},
            )

        # only a demo (its embedded simulator, or the simulated peers of `kiosk demo`)
        # may keep the outbox key beside the data; a site that names no other place
        # for it does not start (offline_cache.key_source.KeyNotConfigured)
        demo = config.platform.embedded_simulator or demo_peers is not None
        platform = KioskPlatform.open(
            url,
            config.platform.token.get_secret_value(),
            config.terminal.id,
            data_dir / "outbox",
            timeout=config.platform.timeout_s,
            tls=config.platform.client_tls(),
            key_file=config.data.outbox_key_file,
            key_beside_data_ok=demo,
        )
        ledger = KioskPlatform.open_ledger(data_dir / "outbox")
        sections = config.devices.as_mapping()
        peers = None
        if demo_peers is not None:
            peers = DemoPeers.start(config, sections, data_dir, auto=demo_peers == "auto")
        devices = build_devices(sections, config.lockers.to_compartments())
        devices, late = _defer_open(devices, open_later)
        for device in devices.all():
            device.open()  # a LateOpen's does nothing yet
        log.info("kiosk services started", extra={"terminal": config.terminal.id})
        services = cls(config, devices, platform, ledger, data_dir, running, temp, peers=peers)
        services.audit = SqliteAuditLog(data_dir / "outbox" / audit_db.DB_FILE)
        services.staff_reader = staff_card_reader(devices)
        services.device_sections = {k: dict(v) for k, v in sections.items()}
        services.late = late
        services.payments = open_payments(
            config, data_dir, platform, url, gateway_sim, key_beside_data_ok=demo
        )
        if services.payments is not None:
            services.metrics.bind_payments(services.payments.ledger.counts)
        services.metrics.bind_devices(devices)
        services.metrics.bind_queue(platform.queue_status)
        # through the port, so a scrape that finds the platform back wakes the backlog
        services.metrics.bind_platform(platform.reachable)
        services.metrics.bind_invalid_answers(lambda: platform.client.invalid_answers.count)
        if metrics_port is not None:
            try:
                services.metrics_server = MetricsServer(services.metrics, port=metrics_port).start()
            except OSError as exc:  # a busy port must not keep the kiosk from starting
                log.warning("metrics not served", extra={"port": metrics_port, "error": str(exc)})
        return services

    def open_late(self) -> None:
        """Open the devices :meth:`start` left for later (on the warm-up thread, after the
        first paint). A device whose open fails says so in its status, as at start."""
        for device in self.late:
            try:
                device.open_now()
            except Exception:  # as a failed open at start would: the status tells
                log.exception("late device open failed", extra={"device": device.name})

    def close(self) -> None:
        for step in self.on_close:
            try:
                step()
            except Exception:
                log.exception("shutdown step failed")
        if self.metrics_server is not None:
            self.metrics_server.stop()
        for device in self.devices.all():
            try:
                device.close()
            except Exception:
                log.exception("device close failed", extra={"device": device.name})
        if self.peers is not None:
            self.peers.close()
        if self.staff_reader is not None:
            self.staff_reader.close()
        if self.audit is not None:
            self.audit.close()
        if self.payments is not None:
            self.payments.close()
        self.platform.close()
        self.ledger.close()
        stop = getattr(self.simulator, "stop", None)
        if callable(stop):
            stop()
        if self._temp is not None:
            self._temp.cleanup()


def _defer_open(devices: DeviceSet, kinds: Collection[str]) -> tuple[DeviceSet, list[LateOpen]]:
    """The same devices, those of ``kinds`` inside a :class:`LateOpen` (opened later)."""
    late = {kind: LateOpen(cast(Device, getattr(devices, kind))) for kind in kinds}
    return replace(devices, **cast(dict[str, Any], late)), list(late.values())


def staff_card_reader(devices: DeviceSet) -> StaffCardReader:
    """The staff card reader: a configured one (``devices.extra["staff_card"]``) or, until
    the PC/SC adapter is in the site config, the simulated one."""
    configured = devices.extra.get("staff_card")
    if isinstance(configured, StaffCardReader):
        return configured
    from devices.sim.staff_card import SimStaffCardReader

    reader = SimStaffCardReader()
    reader.open()
    return reader
