"""kill -9 of the kiosk at every step of a submission, restart, forward: the
platform holds each case the kiosk had stored exactly once.

The kiosk runs in a subprocess (``crash_child``) that submits two cases and their
materials_deposited events through the real KioskPlatform; the second case stops
at one point of the submission and is killed there with SIGKILL. The points are
reached deterministically: hooks in the child pause at a named step, and the
simulator's fault switch holds a request at the server (before it is handled, or
after it committed and before the reply leaves). Then ``kiosk outbox flush``
(the restarted kiosk's forwarder) runs, and the platform's database is counted.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platform_sim.server import start_in_thread
from tests.reliability.helpers import (
    ROOT,
    FaultSwitch,
    platform_holds,
    run_kiosk,
    verdict,
)

CASES = "/api/v1/cases"
EVENTS = "/api/v1/cases/"  # POST /cases/{code}/events


@dataclass(frozen=True)
class Scenario:
    name: str
    what: str
    pause_at: str
    #: set at the pause, then the child goes on until the server holds a request
    fault: dict[str, Any] | None = None
    #: a second pause + fault (the forwarder's resend)
    then: tuple[str, dict[str, Any]] | None = None


SCENARIOS = (
    Scenario("before-store", "killed before the case reached the outbox", "before_store"),
    Scenario("after-store", "killed after the commit, before any send", "after_store"),
    Scenario(
        "during-send",
        "killed while the POST hangs at the platform, before it is handled",
        "after_store",
        {"mode": "hang", "path_prefix": CASES, "method": "POST", "hang_s": 60},
    ),
    Scenario(
        "reply-lost",
        "killed after the platform committed the case, before its reply arrived",
        "after_store",
        {"mode": "hold_reply", "path_prefix": CASES, "method": "POST", "hang_s": 60},
    ),
    Scenario(
        "accepted-unrecorded",
        "killed after the reply arrived, before the outbox recorded the case code",
        "accepted_not_recorded",
    ),
    Scenario(
        "event-reply-lost",
        "killed while forwarding the deposit event (platform committed it)",
        "after_store",
        {"mode": "hold_reply", "path_prefix": EVENTS, "method": "POST", "hang_s": 60},
    ),
    Scenario(
        "event-unrecorded",
        "killed after the event's reply, before the outbox recorded it",
        "event_accepted_not_recorded",
    ),
    Scenario(
        "forwarder-resend",
        "platform 503 so the case queued; killed during the forwarder's resend",
        "after_store",
        {"mode": "error", "status": 503, "path_prefix": CASES, "method": "POST"},
        (
            "before_forwarder_pass",
            {"mode": "hold_reply", "path_prefix": CASES, "method": "POST", "hang_s": 60},
        ),
    ),
)


class Child:
    """The kiosk subprocess, its stdout read on a thread."""

    def __init__(self, url: str, outbox_dir: Path, s: Scenario) -> None:
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.reliability.crash_child",
                url,
                str(outbox_dir),
                s.name,
                ",".join([s.pause_at, *([s.then[0]] if s.then else [])]),
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())
        self.lines.put(None)

    def wait_for(self, wanted: str) -> None:
        while True:
            line = self.lines.get(timeout=60)
            assert line is not None, f"child ended before {wanted!r}: {self.seen}"
            self.seen.append(line)
            if line == wanted:
                return

    def go(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill9(self) -> None:
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)
        assert self.proc.returncode == -signal.SIGKILL
        while (line := self.lines.get(timeout=10)) is not None:
            self.seen.append(line)

    def stored(self, prefix: str) -> set[str]:
        return {
            line.split()[1]
            for line in self.seen
            if line.startswith("STORED ") and line.split()[1].startswith(prefix)
        }


def wait_held(faults: FaultSwitch) -> None:
    while faults.counters()["waiting"] < 1:
        threading.Event().wait(0.02)


def run_scenario(s: Scenario, work: Path) -> tuple[dict[str, Any], Any]:
    work.mkdir()
    server = start_in_thread(work / "platform.sqlite3", faults=True)
    faults = FaultSwitch(server.url)
    try:
        child = Child(server.url, work / "data" / "outbox", s)
        child.wait_for(f"PAUSED {s.pause_at}")
        if s.fault is not None:
            faults.set(**s.fault)
            child.go()
            if s.then is not None:
                point, plan = s.then
                child.wait_for(f"PAUSED {point}")
                faults.set(**plan)
                child.go()
            wait_held(faults)
        child.kill9()
        faults.clear()  # the platform is healthy again; held requests go on

        # restart: the kiosk's forwarder empties the outbox
        data = str(work / "data")
        flushed = run_kiosk("outbox", "flush", "--json", "--data-dir", data, "--url", server.url)
        assert flushed.returncode == 0, flushed.stdout + flushed.stderr
        status = json.loads(run_kiosk("outbox", "status", "--json", "--data-dir", data).stdout)
        holds = platform_holds(work / "platform.sqlite3")
        v = verdict(
            child.stored(f"{s.name}-case-"),
            child.stored(f"{s.name}-event-"),
            holds,
            distinct_applicants=True,
        )
        return status, (v, child, holds)
    finally:
        faults.clear()
        server.stop()


def test_kill9_at_every_step_of_a_submission_loses_and_duplicates_nothing(
    tmp_path: Path,
) -> None:
    failures: list[str] = []
    total_cases = 0
    for s in SCENARIOS:
        status, (v, child, holds) = run_scenario(s, tmp_path / s.name)
        stored = sorted(child.stored(f"{s.name}-case-"))
        total_cases += len(holds.case_keys)
        print(
            f"kill -9 [{s.name}] {s.what}: kiosk had stored {len(stored)} case(s); "
            f"after restart + flush the platform holds {len(holds.case_keys)} case(s), "
            f"{len(holds.event_ids)} event(s); outbox pending {status['pending']}; "
            f"lost {len(v.lost)}, duplicated {len(v.duplicated)}"
        )
        if not v.ok or status["pending"]:
            failures.append(f"{s.name}: {v} pending={status['pending']} log={child.seen}")
        if s.name == "before-store":
            # never stored: the resident got no receipt, and the platform never sees it
            assert len(stored) == 1 and len(holds.case_keys) == 1
    print(f"{len(SCENARIOS)} kill points, {total_cases} cases: ", end="")
    assert not failures, failures
    print("0 cases lost, 0 duplicated")
