"""The kiosk's payments put together (issue 23): the gateway's client from the site
config's ``[payments]`` (or, in the demo, the embedded gateway simulator started beside
the embedded platform), the trade ledger beside the outbox, the platform's utility
biller, and the recovery that brings every trade left unsettled to an end.

The recovery runs on a thread of its own, never on the GUI thread: once at start over
the trades the last run of the kiosk left (those changed before this process started),
then every few minutes over those left waiting (a paid fee whose case was still queued,
a gateway that did not answer), leaving alone any trade a journey may hold.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

from kiosk.site_config import PaymentsConfig, SiteConfig
from offline_cache.platform_port import KioskPlatform
from offline_cache.utility_bills import PlatformUtilityBiller
from payments.case_standing import case_standing
from payments.gateway_client import AlipayGateway, GatewaySettings
from payments.recovery import RecoveryReport, TradeRecovery
from payments.trade_ledger import SqliteTradeLedger, utc_now

log = logging.getLogger(__name__)

#: seconds between two recovery passes while the kiosk runs
RECOVERY_INTERVAL_S = 300.0
#: a trade changed more recently than this may belong to a journey under way
JOURNEY_HOLD = timedelta(minutes=15)
#: the demo's embedded gateway under the data dir: its keys and its store
GATEWAY_DIR = "payment-gateway"


class EmbeddedGateway(Protocol):
    """The demo's gateway simulator, on a thread (``RunningGateway``) or in a child
    process (:class:`kiosk.payments_gateway_process.GatewayProcess`)."""

    @property
    def gateway_url(self) -> str: ...

    @property
    def app_id(self) -> str: ...

    @property
    def app_private_key_path(self) -> Path: ...

    @property
    def gateway_public_key_path(self) -> Path: ...

    def stop(self, timeout: float = 5.0) -> None: ...


def start_embedded_gateway(
    config: SiteConfig, data_dir: Path, mode: str = "thread"
) -> EmbeddedGateway | None:
    """The gateway simulator on loopback when the site's ``[payments]`` names no gateway
    (the demo: ``[platform]`` names no platform either); None otherwise. ``mode`` as the
    embedded platform's: "thread" (the tests) or "process" (the kiosk, the demo)."""
    section = config.payments
    if section is None or not section.embedded_simulator:
        return None
    if not config.platform.embedded_simulator:
        log.error("payments: [payments] gateway_url is empty on a real site; payments are off")
        return None
    running: EmbeddedGateway
    if mode == "process":
        from kiosk.payments_gateway_process import start_gateway_process

        running = start_gateway_process(data_dir / GATEWAY_DIR)
    else:
        from payment_gateway_sim.embedded import start_in_thread

        running = start_in_thread(data_dir / GATEWAY_DIR / "keys")
    log.info("embedded payment gateway simulator started", extra={"mode": mode})
    return running


def gateway_settings(
    section: PaymentsConfig, platform_url: str, simulator: EmbeddedGateway | None
) -> GatewaySettings:
    """Where the gateway is and its keys: the site's, or the embedded simulator's."""
    if simulator is not None:
        url, app_id = simulator.gateway_url, simulator.app_id
        app_key, gateway_key = simulator.app_private_key_path, simulator.gateway_public_key_path
    else:
        assert section.app_private_key is not None and section.gateway_public_key is not None
        url, app_id = section.gateway_url, section.app_id
        app_key, gateway_key = section.app_private_key, section.gateway_public_key
    return GatewaySettings.from_files(
        url,
        app_id,
        app_key,
        gateway_key,
        platform_url=platform_url or None,
        timeout_s=section.timeout_s,
    )


@dataclass
class KioskPayments:
    """What the payment journeys and the technician's commands are handed."""

    gateway: AlipayGateway
    ledger: SqliteTradeLedger
    biller: PlatformUtilityBiller
    recovery: TradeRecovery
    #: the demo's embedded gateway simulator (None on a site): ``.control`` for the tours
    simulator: EmbeddedGateway | None = None
    #: the last pass's report (None before the first has ended)
    last_recovery: RecoveryReport | None = None
    #: set once the first pass (the one over what an earlier run left) has ended
    first_pass_done: threading.Event = field(default_factory=threading.Event, repr=False)
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)

    def recover_in_background(self, interval_s: float = RECOVERY_INTERVAL_S) -> None:
        """Start the recovery thread: a pass now over what an earlier run left, then one
        every ``interval_s`` over what waits longer than a journey could."""
        if self._thread is not None:
            return
        started = utc_now()
        self._thread = threading.Thread(
            target=self._recover_loop, args=(started, interval_s), name="payment-recovery"
        )
        self._thread.daemon = True
        self._thread.start()

    def _recover_loop(self, started: datetime, interval_s: float) -> None:
        cutoff = started
        wait_ready = getattr(self.simulator, "wait_ready", None)
        if callable(wait_ready):  # the demo's gateway child may still be starting
            wait_ready()
        while not self._stop.is_set():
            try:
                self.last_recovery = report = self.recovery.run(changed_before=cutoff)
                if report.steps:
                    log.info(
                        "payment recovery pass",
                        extra={"settled": report.settled, "left": len(report.left)},
                    )
            except Exception:  # the next pass tries again; the kiosk goes on
                log.exception("payment recovery pass failed")
            self.first_pass_done.set()
            if self._stop.wait(interval_s):
                return
            cutoff = utc_now() - JOURNEY_HOLD

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10.0)
        self.ledger.close()
        if self.simulator is not None:
            self.simulator.stop()


def open_payments(
    config: SiteConfig,
    data_dir: Path,
    platform: KioskPlatform,
    platform_url: str,
    simulator: EmbeddedGateway | None,
    *,
    key_beside_data_ok: bool,
) -> KioskPayments | None:
    """The kiosk's payments, or None when the site takes none (no ``[payments]``, or a
    demo gateway that is not there): the payment tiles then say "coming soon"."""
    section = config.payments
    if section is None or (section.embedded_simulator and simulator is None):
        return None
    gateway = AlipayGateway(gateway_settings(section, platform_url, simulator))
    ledger = SqliteTradeLedger.open(
        data_dir / "outbox",
        config.terminal.id,
        key_file=config.data.outbox_key_file,
        key_beside_data_ok=key_beside_data_ok,
    )
    biller = PlatformUtilityBiller(platform.client)
    outbox = platform.outbox
    recovery = TradeRecovery(ledger, gateway, biller, lambda key: case_standing(outbox, key))
    return KioskPayments(gateway, ledger, biller, recovery, simulator)
