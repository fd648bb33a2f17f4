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

from kiosk.bench.fleet.options import API, BenchError

log = logging.getLogger(__name__)


@dataclass
class _Platform:
    url: str
    stop: Callable[[], None]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_platform(db: Path, in_process: bool) -> _Platform:
    if in_process:
        from platform_sim.server import start_in_thread

        running = start_in_thread(db)
        return _Platform(running.url, running.stop)
    port = _free_port()
    # KIOSK_BENCH_PLATFORM_LOG=FILE keeps the platform's access log (route, status, ms)
    log_file = os.environ.get("KIOSK_BENCH_PLATFORM_LOG")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk.cli", "--log-level", "INFO" if log_file else "WARNING"),
            *("platform", "serve"),
            *("--host", "127.0.0.1", "--port", str(port), "--db", str(db)),
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

    return _Platform(url, stop)


# ----------------------------------------------------------------------------- the bench
