"""The PostgreSQL store's isolation: transactions run REPEATABLE READ (a snapshot), and a
transaction that counts before it inserts asks for SERIALIZABLE, because two snapshots
can both see room for one more row (write skew). Two transactions are held between
their count and their insert by a barrier, so the interleaving is the one that matters,
not a race the test hopes to win."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from platform_sim.db import Database, StoreConflict
from platform_sim.pg_cluster import PgCluster

TERMINAL = "T-ISO"
#: room for one more row of this terminal's attempts
LIMIT = 1


@pytest.fixture
def db(pg_cluster: PgCluster) -> Iterator[Database]:
    database = Database(pg_cluster.create_database("isolation"))
    yield database
    database.close()


def _count_then_insert(db: Database, barrier: threading.Barrier, counts: bool) -> str:
    try:
        with db.tx(counts_then_inserts=counts) as conn:
            seen = conn.execute(
                "SELECT COUNT(*) FROM pickup_attempts WHERE terminal_id = ?", (TERMINAL,)
            ).fetchone()[0]
            barrier.wait(timeout=30)
            if seen >= LIMIT:
                return "refused"
            conn.execute(
                "INSERT INTO pickup_attempts (terminal_id, code, at, refused) VALUES (?, ?, ?, 1)",
                (TERMINAL, "123456", 1.0),
            )
        return "inserted"
    except StoreConflict:
        return "conflict"


def _both(db: Database, counts: bool) -> list[str]:
    barrier = threading.Barrier(2)
    results: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        outcome = _count_then_insert(db, barrier, counts)
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return sorted(results)


def _rows(db: Database) -> int:
    with db.tx() as conn:
        return int(
            conn.execute(
                "SELECT COUNT(*) FROM pickup_attempts WHERE terminal_id = ?", (TERMINAL,)
            ).fetchone()[0]
        )


def test_a_count_then_insert_lets_only_one_through(db: Database) -> None:
    # the second to commit is told to run again (and then sees the first's row)
    assert _both(db, counts=True) == ["conflict", "inserted"]
    assert _rows(db) == LIMIT


def test_a_plain_snapshot_lets_both_through(db: Database) -> None:
    # why the flag exists: at REPEATABLE READ both see room, both insert
    assert _both(db, counts=False) == ["inserted", "inserted"]
    assert _rows(db) == LIMIT + 1


def test_two_updates_of_one_row_conflict_at_repeatable_read(db: Database) -> None:
    """The guards the store relies on (UPDATE ... WHERE state = ...) hold: the second
    updater of a row fails and runs again, seeing the first's write."""
    with db.tx() as conn:
        conn.execute("INSERT INTO day_sequence (day, last) VALUES (?, 0)", ("2026-12-07",))
    barrier = threading.Barrier(2)
    results: list[str] = []

    def bump() -> None:
        try:
            with db.tx() as conn:
                last = conn.execute(
                    "SELECT last FROM day_sequence WHERE day = ?", ("2026-12-07",)
                ).fetchone()[0]
                barrier.wait(timeout=30)
                conn.execute(
                    "UPDATE day_sequence SET last = ? WHERE day = ? AND last = ?",
                    (last + 1, "2026-12-07", last),
                )
            results.append("updated")
        except StoreConflict:
            results.append("conflict")

    threads = [threading.Thread(target=bump) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == ["conflict", "updated"]
    with db.tx() as conn:
        assert (
            conn.execute("SELECT last FROM day_sequence WHERE day = ?", ("2026-12-07",)).fetchone()[
                0
            ]
            == 1
        )
