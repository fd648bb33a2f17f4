"""Shared by the reliability tests: the simulator's fault switch, what the platform
holds, and the exactly-once verdict."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from platform_sim.seed import BACKOFFICE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
KIOSK = [sys.executable, "-m", "kiosk.cli"]


class FaultSwitch:
    """``/api/v1/backoffice/faults`` of a running simulator."""

    def __init__(self, base_url: str) -> None:
        self.url = base_url + "/api/v1/backoffice/faults"
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {BACKOFFICE_TOKEN}"

    def set(self, mode: str, **plan: Any) -> None:
        r = self.session.put(self.url, json={"mode": mode, **plan}, timeout=5)
        r.raise_for_status()

    def clear(self) -> None:
        self.session.delete(self.url, timeout=5).raise_for_status()

    def counters(self) -> dict[str, Any]:
        r = self.session.get(self.url, timeout=5)
        r.raise_for_status()
        body: dict[str, Any] = r.json()
        return body


@dataclass(frozen=True)
class PlatformHolds:
    case_keys: list[str]
    applicants: Counter[str]  # id number -> cases
    event_ids: list[str]


def platform_holds(db_path: Path) -> PlatformHolds:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT idempotency_key, applicant FROM cases").fetchall()
        events = [r[0] for r in conn.execute("SELECT event_id FROM case_events")]
    finally:
        conn.close()
    applicants = Counter(json.loads(a)["id_number"] for _k, a in rows)
    return PlatformHolds([k for k, _a in rows], applicants, events)


@dataclass(frozen=True)
class Verdict:
    lost: list[str]
    duplicated: list[str]
    unexpected: list[str]

    @property
    def ok(self) -> bool:
        return not (self.lost or self.duplicated or self.unexpected)


def verdict(
    stored_cases: set[str],
    stored_events: set[str],
    holds: PlatformHolds,
    *,
    distinct_applicants: bool = False,
) -> Verdict:
    """Stored = handed over to the kiosk (a receipt follows): the platform must hold
    each exactly once; what was never stored must not appear at all.
    ``distinct_applicants``: every case came from another person, so two cases of
    one person are a duplicate made under a new key."""
    keys = Counter(holds.case_keys)
    events = Counter(holds.event_ids)
    lost = sorted((stored_cases - set(keys)) | (stored_events - set(events)))
    duplicated = sorted(
        [k for k, n in keys.items() if n > 1]
        + [e for e, n in events.items() if n > 1]
        + [
            f"applicant#{i}"
            for i, (_a, n) in enumerate(holds.applicants.items())
            if distinct_applicants and n > 1
        ]
    )
    unexpected = sorted((set(keys) - stored_cases) | (set(events) - stored_events))
    return Verdict(lost, duplicated, unexpected)


def run_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*KIOSK, "--log-level", "WARNING", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
