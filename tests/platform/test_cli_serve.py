"""`kiosk platform serve` as a technician or a developer starts it: a real process."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from platform_sim.pg_cluster import PgCluster
from platform_sim.store.migrate import head_revision
from tests.platform.helpers import case_body, new_provisional, session
from tests.platform.test_payment_notices import notice, post, signed, write_gateway_public_key


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _serve(port: int, db: str, *options: str) -> subprocess.Popen[bytes]:
    """``kiosk platform serve`` on ``port``, answering /health when this returns."""
    kiosk = Path(sys.executable).with_name("kiosk")
    proc = subprocess.Popen(
        [str(kiosk), "platform", "serve", "--port", str(port), "--db", db, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
            return proc
        except requests.ConnectionError:
            if proc.poll() is not None:
                raise AssertionError(proc.stdout.read().decode() if proc.stdout else "") from None
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.1)


def test_serve_answers_health_and_openapi(tmp_path: Path) -> None:
    port = _free_port()
    db = tmp_path / "platform.sqlite3"
    proc = _serve(port, str(db))
    base = f"http://127.0.0.1:{port}"
    try:
        health = requests.get(f"{base}/api/v1/health", timeout=5)
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


def test_serve_keeps_its_cases_in_postgresql(pg_cluster: PgCluster) -> None:
    """``--db postgresql://...``: the schema is made at start, a case lands in that
    database (read back with psql, not through the platform)."""
    port = _free_port()
    url = pg_cluster.create_database("cli_serve")
    proc = _serve(port, url)
    try:
        answer = session().post(
            f"http://127.0.0.1:{port}/api/v1/cases",
            json=case_body(new_provisional()),
            headers={"Idempotency-Key": str(uuid.uuid4())},
            timeout=10,
        )
        assert answer.status_code == 201, answer.text
        code = answer.json()["case_code"]
        database = url.rsplit("/", 1)[-1]
        found = pg_cluster.psql(f"SELECT status FROM cases WHERE code = '{code}'", database)
        assert answer.json()["status"] in found
        revision = pg_cluster.psql("SELECT version_num FROM alembic_version", database)
        assert head_revision() in revision
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_verifies_notifies_with_the_gateways_key(tmp_path: Path) -> None:
    """``--gateway-public-key``: a notify signed with the gateway's key is believed."""
    port = _free_port()
    key = write_gateway_public_key(tmp_path)
    proc = _serve(port, str(tmp_path / "platform.sqlite3"), "--gateway-public-key", str(key))
    try:
        api = f"http://127.0.0.1:{port}/api/v1"
        assert post(api, signed(notice("K01-20261207130000-cli"))).text == "success"
        forged = signed(notice("K01-20261207130000-cli")) | {"total_amount": "0.01"}
        assert post(api, forged).status_code == 400
    finally:
        proc.terminate()
        proc.wait(timeout=10)
