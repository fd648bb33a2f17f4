"""A simulator stopped in its thread lets go of its store: no connection left open in
PostgreSQL (the test session's cluster would fill up over the modules) and none on a
SQLite file."""

from __future__ import annotations

import os
from pathlib import Path

from platform_sim.pg_cluster import PgCluster
from platform_sim.server import start_in_thread
from tests.platform.helpers import session


def _sessions_on(cluster: PgCluster, database: str) -> int:
    sql = f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{database}'"
    return int(cluster.psql(sql))


def test_a_stopped_simulator_leaves_no_connection_in_postgresql(pg_cluster: PgCluster) -> None:
    url = pg_cluster.create_database("stopped")
    database = url.rsplit("/", 1)[-1]
    running = start_in_thread(url)
    assert session().get(running.url + "/api/v1/catalog", timeout=10).status_code == 200
    assert _sessions_on(pg_cluster, database) >= 1
    running.stop()
    assert _sessions_on(pg_cluster, database) == 0


def test_a_stopped_simulator_leaves_its_sqlite_file_closed(tmp_path: Path) -> None:
    db = tmp_path / "platform.sqlite3"
    running = start_in_thread(db)
    running.stop()
    fds = Path(f"/proc/{os.getpid()}/fd")
    held = [link for link in fds.iterdir() if str(db) in os.path.realpath(link)]
    assert held == []
