"""The store's engine switch: URLs, one SQL text for both engines, PostgreSQL's
conflicts raised as StoreConflict, and a request run again after one (the middleware,
over real HTTP)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
import uvicorn
from fastapi import FastAPI, Request
from sqlalchemy.exc import IntegrityError

from platform_sim.conflict_retry import RetryOnConflict
from platform_sim.db import Database, StoreConflict
from platform_sim.pg_cluster import PgCluster
from platform_sim.store.engines import store_url


def test_a_path_is_a_sqlite_file_and_a_postgresql_url_speaks_psycopg(tmp_path: Path) -> None:
    assert store_url(tmp_path / "p.sqlite3").get_backend_name() == "sqlite"
    assert store_url("p.sqlite3").database == "p.sqlite3"
    assert store_url("postgresql://u@127.0.0.1:5/db").drivername == "postgresql+psycopg"
    with pytest.raises(ValueError, match="SQLite or PostgreSQL"):
        store_url("mysql://u@127.0.0.1/db")
    # a URL made into a Path loses a slash: refused, rather than a file under "postgresql:"
    with pytest.raises(ValueError, match="made into a path"):
        store_url(Path("postgresql://u@127.0.0.1:5/db"))


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    if request.param == "sqlite":
        where = str(tmp_path / "store.sqlite3")
    else:
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        where = cluster.create_database("store")
    opened = Database(where)
    yield opened
    opened.close()


def test_one_sql_text_runs_on_both_engines(db: Database) -> None:
    with db.tx() as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES (?, 'a ? b')", ("k",))
        # ON CONFLICT DO NOTHING instead of INSERT OR IGNORE; ?N names a value twice
        conn.execute("INSERT INTO meta (key, value) VALUES (?1, ?1) ON CONFLICT DO NOTHING", ("k",))
        row = conn.execute("SELECT key, value FROM meta WHERE key = ?", ("k",)).fetchone()
        assert (row["key"], row[1]) == ("k", "a ? b")  # a ? inside a literal is no placeholder
        new = conn.execute(
            "INSERT INTO pickup_attempts (terminal_id, code, at, refused)"
            " VALUES (?, ?, ?, 1) RETURNING id",
            ("T-1", "123456", 1.5),
        ).fetchone()
        assert new[0] >= 1
        conn.execute(
            "INSERT INTO upload_files (token, idx, name, mime, data) VALUES (?, 0, 'x', 'y', ?)",
            ("tok", b"\x00\xff"),
        )
        data = conn.execute("SELECT data FROM upload_files WHERE token = 'tok'").fetchone()
        assert bytes(data["data"]) == b"\x00\xff"
        with pytest.raises(ValueError, match="placeholders"):
            conn.execute("SELECT ? FROM meta", ())


def test_the_live_pickup_code_is_unique_and_a_spent_one_may_come_again(db: Database) -> None:
    with db.tx() as conn:
        conn.execute(
            "INSERT INTO cases (code, provisional_code, idempotency_key, request_sha256,"
            " terminal_id, matter_code, applicant, form, status, page_count, created_at,"
            " updated_at) VALUES ('C1', 'P1', 'K1', '', 'T', 'm', '{}', '{}', 's', 0, '', '')"
        )
    insert = (
        "INSERT INTO pickup_codes (code, case_code, terminal_id, compartment_id, created_at,"
        " expires_at, used_at) VALUES ('111111', 'C1', 'T', 'A1', '', '', ?)"
    )
    with db.tx() as conn:
        conn.execute(insert, ("spent",))
        conn.execute(insert, (None,))
    # a unique violation: IntegrityError on SQLite, a conflict to run again on PostgreSQL
    with pytest.raises((IntegrityError, StoreConflict)), db.tx() as conn:
        conn.execute(insert, (None,))


def test_crossing_transactions_on_postgresql_raise_store_conflict(pg_cluster: PgCluster) -> None:
    db = Database(pg_cluster.create_database("conflict"))
    try:
        with db.tx() as conn:
            conn.execute("INSERT INTO day_sequence (day, last) VALUES ('d', 0)")
        both_read = threading.Barrier(2)
        outcomes: list[str] = []

        def bump() -> None:
            try:
                with db.tx() as conn:
                    last = conn.execute("SELECT last FROM day_sequence WHERE day = 'd'").fetchone()
                    both_read.wait(timeout=10)
                    conn.execute("UPDATE day_sequence SET last = ? WHERE day = 'd'", (last[0] + 1,))
                outcomes.append("committed")
            except StoreConflict:
                outcomes.append("conflict")

        threads = [threading.Thread(target=bump) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(outcomes) == ["committed", "conflict"]
        with db.tx() as conn:
            assert conn.execute("SELECT last FROM day_sequence").fetchone()[0] == 1
    finally:
        db.close()


def test_a_request_that_lost_a_conflict_runs_again_with_its_body() -> None:
    runs: list[bytes] = []
    app = FastAPI()

    @app.post("/bump")
    async def bump(request: Request) -> dict[str, int]:
        runs.append(await request.body())
        if len(runs) < 3:
            raise StoreConflict("another worker won")
        return {"runs": len(runs)}

    @app.post("/never")
    async def never() -> None:
        raise StoreConflict("always lost")

    app.add_middleware(RetryOnConflict)
    with served(app) as url:
        answer = requests.post(f"{url}/bump", data=b"same body", timeout=10)
        assert answer.status_code == 200 and answer.json() == {"runs": 3}
        assert runs == [b"same body"] * 3
        busy = requests.post(f"{url}/never", timeout=30)
        assert busy.status_code == 503 and busy.json()["error"] == "store_busy"


@contextmanager
def served(app: FastAPI) -> Iterator[str]:
    """``app`` on a loopback port in a thread of its own, until the block ends."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started and thread.is_alive():
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_counter_bumped_apart_stays_bumped_on_postgresql_only(db: Database) -> None:
    """The day's case number is drawn apart from the case's transaction on PostgreSQL
    (a hot row would make every two concurrent cases conflict): a rolled-back case
    leaves a gap there; on SQLite it is part of the transaction, which the lock
    serialises."""
    bump = (
        "INSERT INTO day_sequence (day, last) VALUES (?, 1)"
        " ON CONFLICT (day) DO UPDATE SET last = day_sequence.last + 1 RETURNING last"
    )
    with pytest.raises(RuntimeError), db.tx() as conn:
        assert conn.execute_apart(bump, ("d",))[0][0] == 1
        raise RuntimeError("the case is refused after its number was drawn")
    with db.tx() as conn:
        kept = conn.execute("SELECT last FROM day_sequence WHERE day = 'd'").fetchone()
    assert (kept is not None) == (db.dialect == "postgresql")
