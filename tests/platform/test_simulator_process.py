"""The embedded simulator in a child process (``KioskServices.start(simulator="process")``,
what ``kiosk demo``/``kiosk run`` and ``kiosk bench gui`` use): it starts, serves, and is
gone after ``close()``, and it does not outlive a kiosk that is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests

from kiosk.services import KioskServices
from platform_sim.pg_cluster import PgCluster
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import SimulatorProcess, start_in_subprocess
from tests.fakes.site_template import embedded_demo_config

REPO = Path(__file__).resolve().parents[2]


def _gone(pid: int) -> bool:
    """No such process, or only its zombie (a container's init may never reap it)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] == "Z"


def _eventually(predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
    # generous: a loaded CI machine may take a while; this checks that it happens, not when
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_process_simulator_serves_and_stops(tmp_path: Path) -> None:
    running = start_in_subprocess(tmp_path / "platform.sqlite3")
    try:
        assert running.pid != os.getpid()
        assert running.alive()
        health = requests.get(running.url + "/api/v1/health", timeout=5)
        assert health.status_code == 200
        catalog = requests.get(
            running.url + "/api/v1/catalog",
            headers={"Authorization": f"Bearer {DEMO_TERMINAL_TOKEN}"},
            timeout=5,
        )
        assert catalog.status_code == 200
        assert len(catalog.json()["matters"]) >= 60
    finally:
        running.stop()
    assert not running.alive()


def test_process_simulator_opens_a_postgresql_store(pg_cluster: PgCluster) -> None:
    """A store URL reaches the child whole (as a path its ``//`` would fold)."""
    url = pg_cluster.create_database("child")
    running = start_in_subprocess(url)
    try:
        catalog = requests.get(
            running.url + "/api/v1/catalog",
            headers={"Authorization": f"Bearer {DEMO_TERMINAL_TOKEN}"},
            timeout=5,
        )
        assert catalog.status_code == 200
        seeded = pg_cluster.psql("SELECT count(*) FROM matters", url.rsplit("/", 1)[-1])
        assert int(seeded) == len(catalog.json()["matters"])
    finally:
        running.stop()
    assert _gone(running.pid)
    try:
        requests.get(running.url + "/api/v1/health", timeout=2)
    except requests.ConnectionError:
        pass
    else:
        raise AssertionError("the stopped simulator still answers")


def test_kiosk_services_with_the_simulator_in_a_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    services = KioskServices.start(embedded_demo_config(data), data_dir=data, simulator="process")
    simulator = services.simulator
    try:
        assert isinstance(simulator, SimulatorProcess)
        assert services.platform_url == simulator.url
        # the kiosk's platform port talks to the child like to any remote platform (the
        # start does not wait for the child: this first request waits in its backlog)
        assert len(services.platform.catalog().matters) >= 60
        assert (data / "platform-sim.sqlite3").exists()
    finally:
        services.close()
    assert _gone(simulator.pid)


def test_the_simulator_does_not_outlive_a_killed_kiosk(tmp_path: Path) -> None:
    """SIGKILL leaves no chance to clean up: the child sees its stdin pipe close."""
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from platform_sim.server import start_in_subprocess\n"
            f"running = start_in_subprocess(Path({str(tmp_path / 'p.sqlite3')!r}))\n"
            "print(running.pid, flush=True)\n"
            "time.sleep(600)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        assert not _gone(child)
    finally:
        parent.send_signal(signal.SIGKILL)
        parent.wait()
    gone = _eventually(lambda: _gone(child))
    if not gone:
        os.kill(child, signal.SIGKILL)  # not left behind by a failing test
    assert gone, "the simulator outlived its kiosk"
