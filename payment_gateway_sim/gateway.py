"""The running gateway's parts in one place, and the one way work is done on them: in a
transaction on the gateway's clock, the notifies sent once it committed."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from payment_gateway_sim.clock import TIME_FORMAT, SimClock
from payment_gateway_sim.faults import FaultSwitch
from payment_gateway_sim.keys import GatewayKeys
from payment_gateway_sim.notices import Notice
from payment_gateway_sim.notifier import Notifier
from payment_gateway_sim.store import GatewayStore

T = TypeVar("T")


@dataclass
class Gateway:
    keys: GatewayKeys
    store: GatewayStore
    clock: SimClock
    faults: FaultSwitch
    notifier: Notifier

    @classmethod
    def open(cls, keys: GatewayKeys, store_path: Path) -> Gateway:
        store = GatewayStore(store_path)
        return cls(keys, store, SimClock(), FaultSwitch(), Notifier(store, keys.gateway_private))

    @property
    def app_id(self) -> str:
        return self.keys.app_id

    def run(
        self, work: Callable[[sqlite3.Connection, datetime], tuple[T, list[Notice | None]]]
    ) -> T:
        now = self.clock.now()
        with self.store.transaction() as conn:
            result, notices = work(conn, now)
        self.notifier.send(notices, now.strftime(TIME_FORMAT))
        return result

    def close(self) -> None:
        self.notifier.stop()
        self.store.close()
