"""A throwaway PostgreSQL cluster for the tests and the fleet bench: Debian's installed
server (``initdb`` and ``postgres`` from ``/usr/lib/postgresql/<version>/bin``) in a
temporary directory, on a loopback port, stopped by its PID. Never the Debian service:
nothing here touches ``/var/lib/postgresql`` or needs the cluster to outlive the caller.

``initdb`` refuses to run as root (CI runs as root), so as root the server runs as the
``postgres`` user the package creates, in a directory that user owns; as anyone else
it runs as the caller. Each caller gets a database of its own (``create_database``:
a ``CREATE DATABASE`` costs some tens of milliseconds, a cluster a few seconds).
"""

from __future__ import annotations

import itertools
import logging
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from platform_sim.pg_orphans import PREFIX, reap_orphans, record_owner

log = logging.getLogger(__name__)

#: where Debian's postgresql-<version> package puts its server programs
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
#: the cluster's superuser, whoever runs the server (trusted on loopback only)
SUPERUSER = "postgres"
#: the OS user the server runs as when the caller is root
SERVER_OS_USER = "postgres"


class PgClusterError(RuntimeError):
    """The cluster could not be made or started (the log's tail says why)."""


def server_bin_dir(root: Path = DEBIAN_PG_ROOT) -> Path:
    """The newest installed version's bin directory (the one holding ``initdb``)."""
    versions = [d for d in root.glob("*/bin") if (d / "initdb").exists()]
    if not versions:
        raise PgClusterError(
            f"no PostgreSQL server under {root} (apt-get install postgresql; "
            "scripts/bootstrap.sh installs it)"
        )
    return max(versions, key=lambda d: _version_key(d.parent.name))


def _version_key(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


@dataclass
class PgCluster:
    """A running cluster; ``stop`` ends the server and removes its directory."""

    directory: Path
    port: int
    bin_dir: Path
    _server: subprocess.Popen[bytes] = field(repr=False)
    _names: itertools.count[int] = field(default_factory=lambda: itertools.count(1), repr=False)

    @property
    def pid(self) -> int:
        return self._server.pid

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "db") -> str:
        """A new empty database (named ``<prefix>_<n>``); returns its URL."""
        name = f"{_identifier(prefix)}_{next(self._names)}"
        self.psql(f'CREATE DATABASE "{name}"')
        log.info("database created", extra={"database": name, "port": self.port})
        return self.url(name)

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run one statement with the installed ``psql`` (no Python driver needed);
        returns its unaligned output."""
        done = subprocess.run(
            [
                *(str(self.bin_dir / "psql"), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"),
                *("-h", "127.0.0.1", "-p", str(self.port), "-U", SUPERUSER, "-d", database),
                *("-c", sql),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise PgClusterError(f"psql failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def alive(self) -> bool:
        return self._server.poll() is None

    def stop(self, timeout: float = 15.0) -> None:
        """Fast shutdown by PID (SIGINT: sessions ended, no checkpoint wait), then
        SIGKILL if it lingers; the directory goes with it."""
        if self._server.poll() is None:
            self._server.send_signal(signal.SIGINT)
            try:
                self._server.wait(timeout)
            except subprocess.TimeoutExpired:
                self._server.kill()
                self._server.wait()
        log.info("postgres stopped", extra={"pid": self._server.pid, "port": self.port})
        shutil.rmtree(self.directory, ignore_errors=True)


def start_cluster(
    *,
    durable: bool = False,
    max_connections: int = 200,
    ready_timeout: float = 60.0,
    base_dir: Path | None = None,
) -> PgCluster:
    """initdb a cluster in a new temporary directory and start its server.

    ``durable=False`` (the tests) turns off fsync and synchronous commit: a test's data
    need not survive a power cut, and each commit then costs no disk flush. The bench
    passes ``durable=True`` to measure what a real platform would pay.
    ``base_dir``: where the temporary directory goes (default the system's, which the
    ``postgres`` user can reach; pytest's own temp dirs are private to root).
    """
    bin_dir = server_bin_dir()
    run_as = _server_user()
    if run_as is not None and base_dir is None and not _others_may_enter(tempfile.gettempdir()):
        base_dir = Path("/tmp")  # a private TMPDIR of root's: the server could not reach it
    # a cluster a killed session left running is stopped before another starts
    reap_orphans(*(Path(d) for d in (base_dir or tempfile.gettempdir(), "/tmp")))
    directory = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base_dir))
    record_owner(directory)
    if run_as is not None:
        os.chown(directory, run_as.pw_uid, run_as.pw_gid)
    data = directory / "data"
    _run_as(
        run_as,
        [
            *(str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER),
            *("--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"),
        ],
    )
    port = _free_loopback_port()
    settings = {
        "listen_addresses": "127.0.0.1",
        "port": str(port),
        # the socket in our own directory: Debian's /var/run/postgresql may not be ours
        "unix_socket_directories": str(directory),
        "max_connections": str(max_connections),
        "fsync": "on" if durable else "off",
        "synchronous_commit": "on" if durable else "off",
        "full_page_writes": "on" if durable else "off",
    }
    options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
    log_path = directory / "server.log"
    with log_path.open("wb") as server_log:
        server = _popen_as(
            run_as, [str(bin_dir / "postgres"), "-D", str(data), *options], server_log
        )
    cluster = PgCluster(directory, port, bin_dir, server)
    if not _wait_ready(cluster, ready_timeout):
        tail = log_path.read_text(errors="replace")[-2000:]
        cluster.stop()
        raise PgClusterError(f"postgres did not start on port {port}:\n{tail}")
    log.info("postgres ready", extra={"pid": server.pid, "port": port, "durable": durable})
    return cluster


def _server_user() -> pwd.struct_passwd | None:
    """The ``postgres`` account when we are root (initdb refuses root), else None."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(SERVER_OS_USER)
    except KeyError as exc:
        raise PgClusterError(
            f"running as root needs the {SERVER_OS_USER!r} user (made by the postgresql package)"
        ) from exc


def _run_as(user: pwd.struct_passwd | None, argv: list[str]) -> None:
    who = _Identity.of(user)
    done = subprocess.run(
        argv,
        capture_output=True,
        check=False,
        user=who.uid,
        group=who.gid,
        extra_groups=who.extra_groups,
        cwd=who.cwd,
    )
    if done.returncode != 0:
        raise PgClusterError(f"{Path(argv[0]).name} failed: {done.stderr.decode(errors='replace')}")


def _popen_as(
    user: pwd.struct_passwd | None, argv: list[str], output: IO[bytes]
) -> subprocess.Popen[bytes]:
    who = _Identity.of(user)
    return subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT,
        user=who.uid,
        group=who.gid,
        extra_groups=who.extra_groups,
        cwd=who.cwd,
    )


@dataclass(frozen=True)
class _Identity:
    """Popen's arguments to run as another user: none of root's supplementary groups
    kept, from a working directory it may enter. All None: as ourselves."""

    uid: int | None = None
    gid: int | None = None
    extra_groups: list[int] | None = None
    cwd: str | None = None

    @classmethod
    def of(cls, user: pwd.struct_passwd | None) -> _Identity:
        if user is None:
            return cls()
        return cls(user.pw_uid, user.pw_gid, [], "/")


def _others_may_enter(directory: str) -> bool:
    """Whether another user may pass through ``directory`` and each folder above it."""
    path = Path(directory).resolve()
    return all(folder.stat().st_mode & stat.S_IXOTH for folder in (path, *path.parents))


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_ready(cluster: PgCluster, timeout: float) -> bool:
    """Until ``pg_isready`` says the server accepts connections, or it died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not cluster.alive():
            return False
        ready = subprocess.run(
            [
                str(cluster.bin_dir / "pg_isready"),
                *("-q", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", SUPERUSER),
            ],
            check=False,
        )
        if ready.returncode == 0:
            return True
        time.sleep(0.1)
    return False


def _identifier(prefix: str) -> str:
    """A database name part from letters, digits and underscores only (it is quoted
    into SQL)."""
    cleaned = "".join(c if c.isascii() and c.isalnum() else "_" for c in prefix.lower())
    return cleaned[:40] or "db"
