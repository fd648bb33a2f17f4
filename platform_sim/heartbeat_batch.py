"""Heartbeats off the case path: kept in memory and written in one batch.

2 000 kiosks heartbeating every minute are ~33 writes a second, each of which was
a transaction of its own on the store every case write waits for. A heartbeat is
soft state (the last one wins, the count only grows), so the platform keeps the
latest report per terminal here and writes all of them in one transaction at
most every :data:`FLUSH_EVERY_S` seconds, and before the fleet is listed. A stop
loses at most that many seconds of reports; the kiosk's next heartbeat brings
the state back. With several worker processes each keeps its own batch, so the
fleet list may lag another worker's reports by up to :data:`FLUSH_EVERY_S`
(a terminal is offline only after three missed minutes).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from platform_contract.terminals import HeartbeatIn
from platform_sim.db import Database, StoreConflict

log = logging.getLogger(__name__)

#: the longest a heartbeat waits in memory before it is written
FLUSH_EVERY_S = 5.0

UPSERT = (
    "INSERT INTO terminal_status (terminal_id, registered_at, software_version, last_seen,"
    " heartbeats, busy, devices, outbox_depth, outbox_oldest_age_s, config_applied)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE SET"
    " software_version = excluded.software_version, last_seen = excluded.last_seen,"
    " heartbeats = terminal_status.heartbeats + excluded.heartbeats, busy = excluded.busy,"
    " devices = excluded.devices, outbox_depth = excluded.outbox_depth,"
    " outbox_oldest_age_s = excluded.outbox_oldest_age_s,"
    " config_applied = excluded.config_applied"
)


@dataclass
class _Latest:
    stamp: str
    body: HeartbeatIn
    #: heartbeats received since the last write
    count: int


class HeartbeatBatch:
    """The latest heartbeat of every terminal not yet written; thread-safe."""

    def __init__(
        self, flush_every_s: float = FLUSH_EVERY_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._flush_every_s = flush_every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._pending: dict[str, _Latest] = {}
        self._written_at = clock()

    def record(self, db: Database, terminal_id: str, stamp: str, body: HeartbeatIn) -> None:
        """Keep ``body`` as the terminal's latest; write the batch if it is due."""
        with self._lock:
            before = self._pending.get(terminal_id)
            count = 1 if before is None else before.count + 1
            self._pending[terminal_id] = _Latest(stamp, body, count)
            due = self._clock() - self._written_at >= self._flush_every_s
        if due:
            try:
                self.flush(db)
            except StoreConflict:
                # not this request's to run again (it would count the heartbeat twice):
                # the batch waits for the next flush
                log.info("heartbeat batch deferred by a conflict")

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def _put_back(self, taken: dict[str, _Latest]) -> None:
        """Heartbeats whose write failed wait again, under any that came since."""
        with self._lock:
            for terminal_id, beat in taken.items():
                newer = self._pending.get(terminal_id)
                if newer is not None:
                    beat = _Latest(newer.stamp, newer.body, newer.count + beat.count)
                self._pending[terminal_id] = beat

    def flush(self, db: Database) -> None:
        """Write every pending heartbeat in one transaction."""
        with self._lock:
            taken, self._pending = self._pending, {}
            self._written_at = self._clock()
        if not taken:
            return
        rows = [
            (
                terminal_id,
                beat.stamp,
                beat.body.software_version,
                beat.stamp,
                beat.count,
                int(beat.body.busy),
                json.dumps(beat.body.devices, sort_keys=True),
                beat.body.outbox.depth,
                beat.body.outbox.oldest_age_s,
                beat.body.config_version,
            )
            for terminal_id, beat in taken.items()
        ]
        try:
            with db.tx() as conn:
                conn.executemany(UPSERT, rows)
        except BaseException:
            self._put_back(taken)  # another worker's batch won (PostgreSQL): next time
            raise
        log.debug("heartbeats written", extra={"terminals": len(rows)})


def batch_of(request: Request) -> HeartbeatBatch:
    """The app's batch (``create_app`` puts one on ``app.state``)."""
    batch: HeartbeatBatch = request.app.state.heartbeats
    return batch


Heartbeats = Annotated[HeartbeatBatch, Depends(batch_of)]
