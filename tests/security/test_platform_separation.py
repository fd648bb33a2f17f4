"""Back office and fault injection apart from the terminals (issue 13 item 10).

Before: ``/openapi.json`` listed the back office's and the fault switch's routes
beside the terminals', and the fault switch (which can make the platform answer
503 to every kiosk, or hold their replies) was served by every simulator.
Now fault injection exists only when the simulator is started with the test
flag (``kiosk platform serve --faults``, ``start_in_thread(..., faults=True)``);
the terminals' schema holds terminal routes only; the back office has its own,
behind its own token, and every back-office route refuses a terminal's token.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from platform_sim.server import RunningServer, start_in_thread
from tests.platform.helpers import backoffice, free_port, session

FAULTS = "/api/v1/backoffice/faults"
BACKOFFICE_SCHEMA = "/api/v1/backoffice/openapi.json"


@pytest.fixture
def with_faults(tmp_path: Path) -> Iterator[RunningServer]:
    server = start_in_thread(tmp_path / "platform.sqlite3", faults=True)
    yield server
    server.stop()


def _paths(spec: dict[str, Any]) -> set[str]:
    return set(spec["paths"])


def test_no_fault_switch_without_the_test_flag(platform_sim: RunningServer) -> None:
    url = platform_sim.url
    put = backoffice().put(url + FAULTS, json={"mode": "error", "status": 503}, timeout=5)
    assert put.status_code == 404
    assert backoffice().get(url + FAULTS, timeout=5).status_code == 404
    assert session().get(url + "/api/v1/catalog", timeout=5).status_code == 200
    back = backoffice().get(url + BACKOFFICE_SCHEMA, timeout=5).json()
    assert not any(p.startswith(FAULTS) for p in _paths(back))


def test_the_fault_switch_with_the_test_flag(with_faults: RunningServer) -> None:
    url = with_faults.url
    assert session().put(url + FAULTS, json={"mode": "error"}, timeout=5).status_code == 403
    put = backoffice().put(url + FAULTS, json={"mode": "error", "status": 503}, timeout=5)
    assert put.status_code == 200
    assert session().get(url + "/api/v1/catalog", timeout=5).status_code == 503
    assert backoffice().delete(url + FAULTS, timeout=5).status_code == 200
    assert session().get(url + "/api/v1/catalog", timeout=5).status_code == 200
    back = backoffice().get(url + BACKOFFICE_SCHEMA, timeout=5).json()
    assert FAULTS in _paths(back)
    assert FAULTS not in _paths(requests.get(url + "/openapi.json", timeout=5).json())


def test_terminal_schema_and_back_office_schema_are_apart(with_faults: RunningServer) -> None:
    url = with_faults.url
    terminal = requests.get(url + "/openapi.json", timeout=5).json()
    assert "/api/v1/cases/{code}/events" in _paths(terminal)
    assert not any("/backoffice" in p for p in _paths(terminal))
    assert "back office" not in {t["name"] for t in terminal.get("tags", [])}

    assert requests.get(url + BACKOFFICE_SCHEMA, timeout=5).status_code == 401
    assert session().get(url + BACKOFFICE_SCHEMA, timeout=5).status_code == 403
    back = backoffice().get(url + BACKOFFICE_SCHEMA, timeout=5).json()
    assert all(p.startswith("/api/v1/backoffice/") for p in _paths(back))
    assert {
        "/api/v1/backoffice/cases/{code}/approve",
        "/api/v1/backoffice/notifications",
        "/api/v1/backoffice/terminals",
        "/api/v1/backoffice/terminals/{terminal_id}/reset",
    } <= _paths(back)

    # every back-office route, every method: a terminal's token is refused
    for path, methods in back["paths"].items():
        concrete = re.sub(r"\{terminal_id\}", "BJTZ-0001", path)
        concrete = re.sub(r"\{[^}]+\}", "CASE-20000101-000001", concrete)
        for method in methods:
            resp = session().request(method.upper(), url + concrete, json={}, timeout=5)
            assert resp.status_code == 403, (method, path, resp.status_code)


def test_cli_serves_faults_only_with_the_flag(tmp_path: Path) -> None:
    kiosk = Path(sys.executable).with_name("kiosk")
    db = tmp_path / "platform.sqlite3"
    for flag, expected in (([], 404), (["--faults"], 200)):
        port = free_port()
        proc = subprocess.Popen(
            [str(kiosk), "platform", "serve", "--port", str(port), "--db", str(db), *flag],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            give_up = time.monotonic() + 60  # a guard against a hang, not a measurement
            while True:
                try:
                    requests.get(base + "/api/v1/health", timeout=1)
                    break
                except requests.ConnectionError:
                    assert proc.poll() is None, "the simulator did not start"
                    assert time.monotonic() < give_up, "the simulator never answered"
                    time.sleep(0.1)
            assert backoffice().get(base + FAULTS, timeout=5).status_code == expected, flag
        finally:
            proc.terminate()
            proc.wait(timeout=10)
