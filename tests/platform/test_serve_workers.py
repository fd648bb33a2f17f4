"""`kiosk platform serve --workers 2`: two uvicorn worker processes on one store. The
same idempotency keys sent at once from several threads make each case once, and a
worker killed with SIGKILL mid-stream loses and duplicates nothing a client was answered
for: the client sends again with the same key until answered, the other worker (or the
one uvicorn's supervisor starts in its place) answers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests

from platform_sim.workers import worker_pids
from tests.platform.helpers import case_body, free_port, new_provisional, session

WORKERS = 2


@dataclass
class Served:
    api: str
    supervisor: subprocess.Popen[bytes]

    def worker_pids(self) -> list[int]:
        return worker_pids(self.supervisor.pid)


def _wait_until(condition: Any, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.ConnectionError:
        return False


@pytest.fixture(scope="module")
def served(store: str) -> Iterator[Served]:
    port = free_port()
    kiosk = Path(sys.executable).with_name("kiosk")
    supervisor = subprocess.Popen(
        [
            *(str(kiosk), "platform", "serve", "--port", str(port)),
            *("--db", store, "--workers", str(WORKERS)),
        ],
        stdin=subprocess.DEVNULL,
    )
    running = Served(f"http://127.0.0.1:{port}/api/v1", supervisor)
    try:
        _wait_until(lambda: _answers(running.api + "/health"), "the workers never answered")
        _wait_until(lambda: len(running.worker_pids()) == WORKERS, "not two workers")
        yield running
    finally:
        supervisor.send_signal(signal.SIGTERM)  # the supervisor stops its workers
        try:
            supervisor.wait(30)
        except subprocess.TimeoutExpired:
            for pid in running.worker_pids():
                os.kill(pid, signal.SIGKILL)
            supervisor.kill()
            supervisor.wait()


def _submit_until_answered(api: str, body: dict[str, Any], key: str) -> dict[str, Any]:
    """POST the case, sending it again with the same key whenever no answer came (the
    connection cut by a killed worker) or the platform said to try again later (503);
    any other answer is final."""
    s = session()
    for _ in range(100):
        try:
            resp = s.post(api + "/cases", json=body, headers={"Idempotency-Key": key}, timeout=30)
        except requests.ConnectionError:
            s = session()  # a fresh connection, likely to the worker still alive
            continue
        if resp.status_code in (200, 201):
            answer: dict[str, Any] = resp.json()
            return answer
        assert resp.status_code == 503, resp.text
    raise AssertionError(f"no answer for {key}")


def _stored_once(api: str, provisionals: list[str]) -> dict[str, int]:
    cases = session().get(api + "/cases", timeout=30).json()["cases"]
    counts = {p: 0 for p in provisionals}
    for case in cases:
        if case["provisional_code"] in counts:
            counts[case["provisional_code"]] += 1
    return counts


def test_the_same_keys_from_several_threads_make_each_case_once(served: Served) -> None:
    cases = [(uuid.uuid4().hex, case_body(new_provisional())) for _ in range(12)]

    def send_all(_thread: int) -> list[str]:
        return [_submit_until_answered(served.api, body, key)["case_code"] for key, body in cases]

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(send_all, range(4)))
    assert all(codes == answers[0] for codes in answers), "a key answered with two cases"
    assert len(set(answers[0])) == len(cases)
    provisionals = [body["provisional_code"] for _, body in cases]
    assert set(_stored_once(served.api, provisionals).values()) == {1}


def test_a_worker_killed_mid_stream_loses_and_duplicates_nothing(served: Served) -> None:
    streams = [
        [(uuid.uuid4().hex, case_body(new_provisional())) for _ in range(20)] for _ in range(3)
    ]
    answered: dict[str, str] = {}
    lock = threading.Lock()
    enough_sent = threading.Event()

    def stream(cases: list[tuple[str, dict[str, Any]]]) -> None:
        for key, body in cases:
            code = _submit_until_answered(served.api, body, key)["case_code"]
            with lock:
                answered[key] = code
                if len(answered) >= 10:
                    enough_sent.set()

    before = served.worker_pids()
    with ThreadPoolExecutor(len(streams)) as pool:
        running = [pool.submit(stream, cases) for cases in streams]
        enough_sent.wait(120)
        os.kill(before[0], signal.SIGKILL)  # mid-stream: the others are still sending
        for future in running:
            future.result()

    every = [key for cases in streams for key, _ in cases]
    assert sorted(answered) == sorted(every)
    assert len(set(answered.values())) == len(every), "two keys answered with one case"
    provisionals = [body["provisional_code"] for cases in streams for _, body in cases]
    assert set(_stored_once(served.api, provisionals).values()) == {1}
    # uvicorn's supervisor puts a new worker in the killed one's place
    _wait_until(
        lambda: before[0] not in served.worker_pids() and len(served.worker_pids()) == WORKERS,
        "the killed worker was not replaced",
    )


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--workers", "2", "--faults"], "--faults needs one worker"),
        (["--workers", "0"], "--workers is at least 1"),
    ],
)
def test_options_the_workers_cannot_serve_are_refused(options: list[str], said: str) -> None:
    kiosk = Path(sys.executable).with_name("kiosk")
    done = subprocess.run(
        [str(kiosk), "platform", "serve", *options],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert said in done.stderr
