"""Heartbeats are kept in memory and written in one transaction when due (or
before the fleet is listed), not one write per heartbeat on the case path."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from platform_contract.terminals import HeartbeatIn
from platform_sim import routes_terminals
from platform_sim.db import Database
from platform_sim.heartbeat_batch import HeartbeatBatch
from platform_sim.pg_cluster import PgCluster


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _stored(db: Database) -> dict[str, tuple[int, int, str]]:
    with db.tx() as conn:
        rows = conn.execute(
            "SELECT terminal_id, heartbeats, outbox_depth, last_seen FROM terminal_status"
        ).fetchall()
    return {r["terminal_id"]: (r["heartbeats"], r["outbox_depth"], r["last_seen"]) for r in rows}


def _beat(depth: int) -> HeartbeatIn:
    return HeartbeatIn.model_validate(
        {"outbox": {"depth": depth}, "devices": {"printer": "online"}}
    )


def test_heartbeats_wait_in_memory_then_go_in_one_write(tmp_path: Path) -> None:
    db = Database(tmp_path / "platform.sqlite3")
    routes_terminals.ensure_schema(db)
    clock = _Clock()
    batch = HeartbeatBatch(flush_every_s=5.0, clock=clock)
    try:
        batch.record(db, "T-1", "2026-12-07T10:00:00+08:00", _beat(3))
        batch.record(db, "T-2", "2026-12-07T10:00:01+08:00", _beat(0))
        batch.record(db, "T-1", "2026-12-07T10:00:02+08:00", _beat(1))
        assert _stored(db) == {}, "nothing written before the batch is due"
        assert batch.pending() == 2

        clock.now = 5.0  # due: the next heartbeat writes the whole batch
        batch.record(db, "T-1", "2026-12-07T10:00:05+08:00", _beat(0))
        assert _stored(db) == {
            "T-1": (3, 0, "2026-12-07T10:00:05+08:00"),
            "T-2": (1, 0, "2026-12-07T10:00:01+08:00"),
        }
        assert batch.pending() == 0

        # the counts add up over batches; a flush (the fleet list's) writes what waits
        batch.record(db, "T-2", "2026-12-07T10:00:06+08:00", _beat(7))
        batch.flush(db)
        assert _stored(db)["T-2"] == (2, 7, "2026-12-07T10:00:06+08:00")
        batch.flush(db)  # nothing pending: nothing written
        assert _stored(db)["T-2"][0] == 2
    finally:
        db.close()


def test_heartbeats_whose_write_failed_wait_for_the_next(tmp_path: Path) -> None:
    db = Database(tmp_path / "platform.sqlite3")
    routes_terminals.ensure_schema(db)
    batch = HeartbeatBatch(flush_every_s=5.0, clock=_Clock())
    try:
        batch.record(db, "T-1", "2026-12-07T10:00:00+08:00", _beat(3))
        with db.tx() as conn:  # the write fails: the table is away
            conn.execute("ALTER TABLE terminal_status RENAME TO status_away")
        with pytest.raises(Exception, match="terminal_status"):
            batch.flush(db)
        batch.record(db, "T-1", "2026-12-07T10:00:09+08:00", _beat(1))
        assert batch.pending() == 1
        with db.tx() as conn:
            conn.execute("ALTER TABLE status_away RENAME TO terminal_status")
        batch.flush(db)
        assert _stored(db) == {"T-1": (2, 1, "2026-12-07T10:00:09+08:00")}
    finally:
        db.close()


def test_a_batch_another_workers_write_beats_is_deferred_not_lost(pg_cluster: PgCluster) -> None:
    """PostgreSQL, two workers: another transaction updates a terminal's row while this
    worker's due batch writes it. The batch's write waits for the row, then fails
    (REPEATABLE READ: a row changed since its snapshot); the heartbeat request does not
    fail and does not run again (that would count the heartbeat twice): the batch waits
    for its next flush, its count intact."""
    db = Database(pg_cluster.create_database("heartbeat_conflict"))
    clock = _Clock()
    batch = HeartbeatBatch(flush_every_s=5.0, clock=clock)
    try:
        batch.record(db, "T-1", "2026-12-07T10:00:00+08:00", _beat(3))
        batch.flush(db)
        assert _stored(db)["T-1"][0] == 1

        holding, release = threading.Event(), threading.Event()

        def other_worker() -> None:
            with db.tx() as conn:
                conn.execute("UPDATE terminal_status SET busy = 1 WHERE terminal_id = 'T-1'")
                holding.set()
                release.wait(30)

        other = threading.Thread(target=other_worker)
        other.start()
        assert holding.wait(30)
        clock.now = 5.0  # due: this heartbeat writes the batch, and waits for the row
        raised: list[BaseException] = []

        def this_request() -> None:
            try:
                batch.record(db, "T-1", "2026-12-07T10:00:05+08:00", _beat(0))
            except BaseException as error:  # the request would answer 500, or run again
                raised.append(error)

        this = threading.Thread(target=this_request)
        this.start()
        _until_a_transaction_waits_for_a_lock(pg_cluster, db)
        release.set()
        other.join(30)
        this.join(30)
        assert not this.is_alive()
        assert raised == [], "the heartbeat request failed on the batch's conflict"

        assert batch.pending() == 1, "the heartbeat waits for the next flush"
        assert _stored(db)["T-1"][0] == 1
        batch.flush(db)
        assert _stored(db)["T-1"] == (2, 0, "2026-12-07T10:00:05+08:00")
    finally:
        db.close()


def _until_a_transaction_waits_for_a_lock(cluster: PgCluster, db: Database) -> None:
    database = db.url.database
    assert database is not None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        waiting = cluster.psql(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
            f" AND datname = '{database}'"
        )
        if waiting != "0":
            return
        time.sleep(0.05)
    raise AssertionError("the batch's write never waited for the row")
