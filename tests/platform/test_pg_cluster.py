"""The tests' throwaway PostgreSQL cluster (platform_sim/pg_cluster.py): Debian's
installed server in a temp dir, as the ``postgres`` user under root, stopped by PID."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from platform_sim.pg_cluster import PgCluster, PgClusterError, server_bin_dir, start_cluster


def _uid_of(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    line = next(row for row in status.splitlines() if row.startswith("Uid:"))
    return int(line.split()[1])


def _name(url: str) -> str:
    return url.rsplit("/", 1)[1]


def test_each_database_is_fresh_and_apart(pg_cluster: PgCluster) -> None:
    first = pg_cluster.create_database("apart")
    second = pg_cluster.create_database("apart")
    assert first != second
    pg_cluster.psql("CREATE TABLE cases (code text PRIMARY KEY)", _name(first))
    pg_cluster.psql("INSERT INTO cases VALUES ('CASE-1')", _name(first))
    assert pg_cluster.psql("SELECT count(*) FROM cases", _name(first)) == "1"
    assert pg_cluster.psql("SELECT to_regclass('public.cases')", _name(second)) == ""


def test_the_server_listens_on_loopback_as_a_user_initdb_accepts(pg_cluster: PgCluster) -> None:
    assert pg_cluster.url().startswith(f"postgresql://postgres@127.0.0.1:{pg_cluster.port}/")
    assert pg_cluster.psql("SHOW listen_addresses") == "127.0.0.1"
    server_uid = _uid_of(pg_cluster.pid)
    assert server_uid != 0  # initdb and postgres refuse root
    if os.geteuid() != 0:
        assert server_uid == os.geteuid()
    assert pg_cluster.directory.stat().st_uid == server_uid  # its data dir is its own


def test_stop_ends_the_server_by_pid_and_removes_its_directory() -> None:
    cluster = start_cluster()
    url = cluster.create_database("gone")
    pid = cluster.pid
    cluster.stop()
    assert not cluster.alive()
    assert not Path(f"/proc/{pid}").exists()  # waited for: gone, not a zombie
    assert not cluster.directory.exists()
    with pytest.raises(PgClusterError, match="psql failed"):
        cluster.psql("SELECT 1", _name(url))


def test_the_newest_installed_version_is_used(tmp_path: Path) -> None:
    for version in ("13", "15", "9.6"):
        bin_dir = tmp_path / version / "bin"
        bin_dir.mkdir(parents=True)
        (bin_dir / "initdb").touch()
    (tmp_path / "16").mkdir()  # a version without its server programs: not a candidate
    assert server_bin_dir(tmp_path) == tmp_path / "15" / "bin"


def test_no_server_installed_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(PgClusterError, match="apt-get install postgresql"):
        server_bin_dir(tmp_path)


@pytest.mark.skipif(os.geteuid() != 0, reason="only root's server runs as another user")
def test_a_private_temp_dir_of_roots_is_not_where_the_cluster_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # as TMPDIR would
    cluster = start_cluster()
    try:
        assert cluster.psql("SELECT 1") == "1"
        assert not cluster.directory.is_relative_to(private)
    finally:
        cluster.stop()


def test_a_cluster_whose_owner_was_killed_is_stopped_by_the_next_start() -> None:
    """A session killed with SIGKILL never stops its cluster; the next start does."""
    base = Path(tempfile.mkdtemp(prefix="pg-orphans-", dir="/tmp"))
    base.chmod(0o755)  # the postgres user must reach its cluster's directory
    try:
        owner = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, time\n"
                "from pathlib import Path\n"
                "from platform_sim.pg_cluster import start_cluster\n"
                "c = start_cluster(base_dir=Path(sys.argv[1]))\n"
                "print(c.pid, c.directory, flush=True)\n"
                "time.sleep(600)\n",
                str(base),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert owner.stdout is not None
        server_pid, directory = owner.stdout.readline().split()
        owner.kill()  # SIGKILL: its cluster's stop never runs
        owner.wait()
        assert Path(f"/proc/{server_pid}").exists(), "the orphan should outlive its owner"

        again = start_cluster(base_dir=base)  # what the next session does
        try:
            assert not Path(directory).exists()
            deadline = time.monotonic() + 15
            while Path(f"/proc/{server_pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert not Path(f"/proc/{server_pid}").exists(), "the orphan's server still runs"
            assert again.alive() and again.psql("SELECT 1") == "1"
        finally:
            again.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_a_cluster_whose_owner_still_runs_is_left_alone(pg_cluster: PgCluster) -> None:
    from platform_sim.pg_orphans import reap_orphans

    assert pg_cluster.directory not in reap_orphans(pg_cluster.directory.parent)
    assert pg_cluster.alive() and pg_cluster.directory.exists()
