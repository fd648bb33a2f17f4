"""Issue 13.1: one outbox row that cannot be decrypted (a flipped byte on disk, a
replaced key) is set aside as ``damaged`` and the rest is forwarded; the count
shows in ``kiosk outbox status``, the metrics and ``kiosk doctor``. The bytes are
flipped in the real SQLite file; the kiosk commands run as subprocesses."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.metrics import KioskMetrics
from offline_cache.key_source import DEMO_KEY_FILE
from offline_cache.outbox import DB_FILE, Outbox
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.platform.helpers import draft
from tests.reliability.conftest import Sim
from tests.reliability.helpers import platform_holds, run_kiosk


def _queue(outbox_dir: Path, n: int) -> list[str]:
    """``n`` cases stored while the platform was away."""
    box = Outbox.open(outbox_dir, DEMO_TERMINAL_ID)
    keys = [box.add_case(draft(person=i)).idempotency_key for i in range(n)]
    box.close()
    return keys


def flip_a_ciphertext_byte(db: Path, idempotency_key: str) -> None:
    """Flip one bit inside this case's sealed payload, in the database file itself."""
    conn = sqlite3.connect(db)
    try:
        (blob,) = conn.execute(
            "SELECT payload FROM cases WHERE idempotency_key = ?", (idempotency_key,)
        ).fetchone()
    finally:
        conn.close()
    wal = db.with_name(db.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0, "the WAL was checkpointed on close"
    raw = bytearray(db.read_bytes())
    at = raw.find(blob[:48])
    assert at > 0 and raw.find(blob[:48], at + 1) == -1
    raw[at + 30] ^= 0x01  # past the 12-byte nonce: the ciphertext
    db.write_bytes(bytes(raw))


def _status(data: Path) -> dict:  # type: ignore[type-arg]
    done = run_kiosk("outbox", "status", "--json", "--data-dir", str(data))
    assert done.returncode == 0, done.stderr
    doc: dict = json.loads(done.stdout)  # type: ignore[type-arg]
    return doc


def _flush(data: Path, url: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    done = run_kiosk("outbox", "flush", "--json", "--data-dir", str(data), "--url", url)
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, json.loads(done.stdout)


def test_a_flipped_byte_sets_one_case_aside_and_the_others_are_forwarded(
    sim: Sim, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    keys = _queue(data / "outbox", 3)
    flip_a_ciphertext_byte(data / "outbox" / DB_FILE, keys[0])  # the oldest: first in line

    code, flushed = _flush(data, sim.url)
    print("flush:", json.dumps(flushed, sort_keys=True))
    assert code == 0 and flushed["delivered"] == 2
    assert sorted(platform_holds(sim.db_path).case_keys) == sorted(keys[1:])

    after = _status(data)
    print("status:", json.dumps(after, sort_keys=True))
    assert after["damaged"] == 1 and after["pending"] == 0
    assert after["cases"] == {
        "queued": 0,
        "sending": 0,
        "accepted": 2,
        "failed": 0,
        "damaged": 1,
        "held": 0,
    }

    # a second pass leaves it aside and does not stumble over it
    code, again = _flush(data, sim.url)
    assert code == 0 and again["delivered"] == 0 and again["after"]["damaged"] == 1


def test_a_replaced_key_sets_everything_aside_and_the_right_key_brings_it_back(
    sim: Sim, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    keys = _queue(data / "outbox", 2)
    key_file = data / "outbox" / DEMO_KEY_FILE
    right = key_file.read_bytes()
    key_file.write_bytes(os.urandom(32))

    code, flushed = _flush(data, sim.url)
    assert code == 0 and flushed["delivered"] == 0 and flushed["after"]["damaged"] == 2
    assert platform_holds(sim.db_path).case_keys == []

    key_file.write_bytes(right)  # the technician puts the right key back
    code, flushed = _flush(data, sim.url)
    print("with the right key:", json.dumps(flushed, sort_keys=True))
    assert code == 0 and flushed["delivered"] == 2 and flushed["after"]["damaged"] == 0
    assert sorted(platform_holds(sim.db_path).case_keys) == sorted(keys)


def test_damaged_rows_show_in_metrics_and_doctor(
    sim: Sim, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    keys = _queue(data / "outbox", 1)
    flip_a_ciphertext_byte(data / "outbox" / DB_FILE, keys[0])
    _flush(data, sim.url)  # the pass that finds it

    box = Outbox.open(data / "outbox", DEMO_TERMINAL_ID, recover=False)
    try:
        metrics = KioskMetrics()
        metrics.bind_queue(box.status)
        text = metrics.exposition().decode()
        health = metrics.health()
    finally:
        box.close()
    assert re.search(r"^kiosk_outbox_damaged 1\.0$", text, re.M), text
    assert health["outbox"]["damaged"] == 1

    code = main(["--log-level", "ERROR", "doctor", "--settle", "0.5", "--data-dir", str(data)])
    out = capsys.readouterr().out
    print(out)
    assert code == 1
    assert re.search(r"^outbox\s+FAIL\s+.*1 damaged.*outbox key", out, re.M), out
