"""The platform simulator the fleet talks to: in this process (tests) or in its own
(``kiosk platform serve``, a core of its own as on its own machine), up once its
``/health`` answers."""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from kiosk.bench.fleet.options import API, BenchError, BenchOptions

log = logging.getLogger(__name__)


@dataclass
class _Platform:
    url: str
    stop: Callable[[], None]
    #: the ``kiosk platform serve`` process (None: in this process)
    pid: int | None = None
    #: the PostgreSQL postmaster (None: a SQLite file)
    postgres_pid: int | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_platform(root: Path, options: BenchOptions) -> _Platform:
    """The simulator on ``options.store``: a SQLite file under ``root``, or a database
    in a throwaway PostgreSQL cluster (``platform_sim/pg_cluster.py``), stopped with it."""
    if options.store == "postgres":
        from platform_sim.pg_cluster import start_cluster

        cluster = start_cluster(durable=True)
        try:
            running = _start(cluster.create_database("fleet"), options)
        except BaseException:
            cluster.stop()
            raise

        def stop_both() -> None:
            running.stop()
            cluster.stop()

        return _Platform(running.url, stop_both, running.pid, cluster.pid)
    return _start(str(root / "platform.sqlite3"), options)


def _start(db: str, options: BenchOptions) -> _Platform:
    if options.in_process:
        from platform_sim.server import start_in_thread

        running = start_in_thread(Path(db))
        return _Platform(running.url, running.stop)
    port = _free_port()
    # KIOSK_BENCH_PLATFORM_LOG=FILE keeps the platform's access log (route, status, ms)
    log_file = os.environ.get("KIOSK_BENCH_PLATFORM_LOG")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk.cli", "--log-level", "INFO" if log_file else "WARNING"),
            *("platform", "serve"),
            *("--host", "127.0.0.1", "--port", str(port), "--db", db),
            *(("--workers", str(options.workers)) if options.workers > 1 else ()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(log_file, "w") if log_file else None,  # noqa: SIM115 - the child owns it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError("the platform simulator exited at start")
        try:
            if requests.get(url + API + "/health", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.1)
    else:
        proc.kill()
        raise BenchError("the platform simulator did not start")

    def stop() -> None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()

    return _Platform(url, stop, proc.pid)


# ----------------------------------------------------------------------------- the bench
