"""`kiosk platform serve` as a technician or a developer starts it: a real process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import requests


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_serve_answers_health_and_openapi(tmp_path: Path) -> None:
    port = _free_port()
    kiosk = Path(sys.executable).with_name("kiosk")
    db = tmp_path / "platform.sqlite3"
    proc = subprocess.Popen(
        [str(kiosk), "platform", "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                health = requests.get(f"{base}/api/v1/health", timeout=1)
                break
            except requests.ConnectionError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.1)
        assert health.status_code == 200
        spec = requests.get(f"{base}/openapi.json", timeout=5).json()
        paths = set(spec["paths"])
        assert {"/api/v1/health", "/api/v1/catalog", "/api/v1/cases"} <= paths
        post = spec["paths"]["/api/v1/cases"]["post"]
        headers = {p["name"].lower() for p in post.get("parameters", []) if p["in"] == "header"}
        assert "idempotency-key" in headers
        assert db.exists(), "the database file was not created where asked"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
