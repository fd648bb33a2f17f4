"""The outbox in numbers, for the technician screen, ``kiosk outbox`` and the metrics:
rows per table and state, and how long the oldest undelivered one has waited."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from offline_cache.outbox_items import PENDING, OutboxState


@dataclass(frozen=True)
class OutboxStatus:
    counts: dict[str, int]  # "cases.queued" -> n, "events.accepted" -> n, ...
    oldest_pending_age: float | None  # seconds; None when nothing waits

    @property
    def pending(self) -> int:
        return sum(n for k, n in self.counts.items() if k.endswith((".queued", ".sending")))

    @property
    def damaged(self) -> int:
        """Rows set aside because their payload cannot be opened."""
        return sum(n for k, n in self.counts.items() if k.endswith(".damaged"))


def count_rows(conn: sqlite3.Connection, tables: Iterable[str], now: float) -> OutboxStatus:
    """Every table's rows by state (each state present, 0 if none) at time ``now``."""
    counts: dict[str, int] = {}
    oldest: float | None = None
    for table in tables:
        for state in OutboxState:
            counts[f"{table}.{state.value}"] = 0
        for row in conn.execute(
            f"SELECT state, COUNT(*) AS n, MIN(created_at) AS oldest FROM {table} GROUP BY state"
        ):
            counts[f"{table}.{row['state']}"] = row["n"]
            if row["state"] in PENDING and (oldest is None or row["oldest"] < oldest):
                oldest = row["oldest"]
    return OutboxStatus(counts, None if oldest is None else max(0.0, now - oldest))
