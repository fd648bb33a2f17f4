"""``kiosk bench start``: how long from process start until the resident sees the kiosk?

Each run starts a fresh ``kiosk demo`` process (offscreen Qt, no voice) with
``$NOTIFY_SOCKET`` pointing at a unix datagram socket of the bench's own, as
systemd would, and times two messages from the moment just before the process
is spawned:

* ``READY=1``: sent on the event loop's first turn (kiosk/watchdog.py);
* ``STATUS=attract screen painted``: sent after the attract screen's first
  paint (kiosk/first_paint.py) -- PRODUCT.md's "cold start to attract screen".

Two sites: the demo (embedded platform simulator, started by the kiosk in a
child process) and a site with a remote platform (the simulator started by the
bench first, in its own process; the kiosk's config points at it). Both use the
demo's devices: the real adapters against simulated peers, the OpenCV document
camera and the dlib face check on simulated camera input.

Each kiosk runs in its own session and is stopped with its whole process group,
so a helper process it started (the vision helper) goes with it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kiosk.first_paint import PAINTED_STATUS
from kiosk.paths import DEMO_SITE_CONFIG

#: PRODUCT.md: "cold start to attract screen: under 3 s on a 2-core machine"
PRODUCT_BAR_S = 3.0
#: issue 18: the demo's median under 2 s on this 2-core machine
DEMO_MEDIAN_GOAL_S = 2.0
#: a start that takes longer than this is reported as failed
START_TIMEOUT_S = 60.0

READY = "READY=1"
PAINTED = f"STATUS={PAINTED_STATUS}"


class StartFailed(RuntimeError):
    """The kiosk exited or stayed silent before both messages arrived."""


@dataclass(frozen=True)
class StartTimes:
    ready_s: float
    painted_s: float


@dataclass(frozen=True)
class Scenario:
    name: str
    config: Path


@contextmanager
def notify_socket(directory: Path) -> Iterator[tuple[socket.socket, str]]:
    """A unix datagram socket like systemd's ``$NOTIFY_SOCKET`` (path-bound, not abstract)."""
    path = str(directory / "notify")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
    try:
        sock.bind(path)
        yield sock, path
    finally:
        sock.close()
        Path(path).unlink(missing_ok=True)


def kiosk_command(config: Path, data_dir: Path) -> list[str]:
    return [
        *(sys.executable, "-m", "kiosk.cli", "--log-level", "WARNING"),
        *("demo", "--config", str(config), "--data-dir", str(data_dir)),
        *("--windowed", "--no-metrics"),
    ]


def kiosk_env(notify_path: str) -> dict[str, str]:
    env = dict(os.environ)
    env["NOTIFY_SOCKET"] = notify_path
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["KIOSK_VOICE"] = "0"  # no espeak-ng child competing for the CPU
    for name in ("WATCHDOG_USEC", "RUNTIME_DIRECTORY", "KIOSK_RESTART_REQUEST_FILE"):
        env.pop(name, None)
    return env


def time_start(sock: socket.socket, notify_path: str, config: Path, data_dir: Path) -> StartTimes:
    """One cold start: spawn the kiosk, wait for ``READY=1`` and the painted status, stop it."""
    while _drain(sock):  # nothing left over from the previous run
        pass
    command = kiosk_command(config, data_dir)
    env = kiosk_env(notify_path)
    data_dir.mkdir(parents=True, exist_ok=True)
    errors = data_dir.parent / f"{data_dir.name}.stderr"
    with errors.open("wb") as err:  # a file, not a pipe: a chatty kiosk never blocks on it
        started = time.monotonic()
        proc = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,  # its own process group: stopped with its helpers
        )
    seen: dict[str, float] = {}
    try:
        deadline = started + START_TIMEOUT_S
        while len(seen) < 2:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StartFailed(f"no {_missing(seen)} within {START_TIMEOUT_S:.0f} s")
            sock.settimeout(min(left, 0.5))
            try:
                message = sock.recv(4096).decode("utf-8", "replace")
            except TimeoutError:
                if proc.poll() is not None:
                    raise StartFailed(
                        f"the kiosk exited with {proc.returncode} before {_missing(seen)}: "
                        + _tail(errors)
                    ) from None
                continue
            at = time.monotonic() - started
            for line in message.splitlines():
                if line in (READY, PAINTED):
                    seen.setdefault(line, at)
    finally:
        _stop(proc)
    return StartTimes(seen[READY], seen[PAINTED])


def _drain(sock: socket.socket) -> bool:
    sock.settimeout(0)
    try:
        sock.recv(4096)
    except (BlockingIOError, TimeoutError):
        return False
    return True


def _missing(seen: dict[str, float]) -> str:
    return " and ".join(m for m in (READY, PAINTED) if m not in seen)


def _tail(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace").strip()[-400:]


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the kiosk's whole process group; then SIGKILL to whatever is left in it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(10.0)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def remote_site_config(platform_url: str, directory: Path, base: Path = DEMO_SITE_CONFIG) -> Path:
    """The demo site's config with ``[platform] url`` pointing at a running simulator."""
    text = base.read_text(encoding="utf-8")
    section = re.search(r"^\[platform\]\n(?:(?!\[).*\n)*", text, flags=re.MULTILINE)
    if section is None:
        raise ValueError(f"{base}: no [platform] section")
    body, count = re.subn(
        r"^url\s*=.*$", f'url = "{platform_url}"', section.group(0), count=1, flags=re.MULTILINE
    )
    if count != 1:
        raise ValueError(f"{base}: no url in [platform]")
    path = directory / "remote-site.toml"
    path.write_text(text[: section.start()] + body + text[section.end() :], encoding="utf-8")
    return path


@dataclass(frozen=True)
class Summary:
    what: str
    values: tuple[float, ...]
    bar: str
    ok: bool | None

    def format(self) -> str:
        lo, mid, hi = min(self.values), statistics.median(self.values), max(self.values)
        verdict = "-" if self.ok is None else ("OK" if self.ok else "OVER")
        return f"{self.what:<40} {lo:>7.2f} {mid:>7.2f} {hi:>7.2f}  {self.bar:<38} {verdict}"


def summaries(name: str, times: Sequence[StartTimes], *, demo: bool) -> list[Summary]:
    ready = tuple(t.ready_s for t in times)
    painted = tuple(t.painted_s for t in times)
    bar = f"max < {PRODUCT_BAR_S:.0f} s (PRODUCT.md)"
    ok = max(painted) < PRODUCT_BAR_S
    if demo:
        bar += f", median < {DEMO_MEDIAN_GOAL_S:.0f} s"
        ok = ok and statistics.median(painted) < DEMO_MEDIAN_GOAL_S
    return [
        Summary(f"{name}: to READY=1", ready, "-", None),
        Summary(f"{name}: to attract painted", painted, bar, ok),
    ]


def table(rows: Sequence[Summary]) -> str:
    head = f"{'what (seconds)':<40} {'min':>7} {'median':>7} {'max':>7}  {'bar':<38} verdict"
    return "\n".join([head, "-" * len(head), *(row.format() for row in rows)])


def run(runs: int, scenarios: Sequence[str] = ("demo", "remote")) -> list[Summary]:
    rows: list[Summary] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-start-") as tmp:
        work = Path(tmp)
        with notify_socket(work) as (sock, path):
            for name in scenarios:
                if name == "demo":
                    times = _runs(sock, path, DEMO_SITE_CONFIG, work / "demo", runs)
                    rows += summaries("demo", times, demo=True)
                else:
                    rows += _remote(sock, path, work, runs)
    return rows


def _remote(sock: socket.socket, path: str, work: Path, runs: int) -> list[Summary]:
    from platform_sim.server import start_in_subprocess

    platform = start_in_subprocess(work / "platform.sqlite3")
    try:
        config = remote_site_config(platform.url, work)
        times = _runs(sock, path, config, work / "remote", runs)
    finally:
        platform.stop()
    return summaries("remote platform", times, demo=False)


def _runs(
    sock: socket.socket, path: str, config: Path, data_root: Path, runs: int
) -> list[StartTimes]:
    times: list[StartTimes] = []
    for i in range(runs):
        # a fresh data dir each run: a cold start, no outbox or catalogue left from before
        times.append(time_start(sock, path, config, data_root / f"run-{i}"))
    return times


def main(runs: int = 5, scenarios: Sequence[str] = ("demo", "remote")) -> int:
    if runs < 1:
        print("--runs must be at least 1", file=sys.stderr)
        return 2
    root = logging.getLogger()
    # the table is the output: no INFO lines from the bench's own simulator child
    root.setLevel(max(root.getEffectiveLevel(), logging.WARNING))
    print(
        f"kiosk bench start  (cpus: {os.cpu_count()}, {runs} run(s) per site, "
        f"Qt: {os.environ.get('QT_QPA_PLATFORM', 'offscreen')}, "
        f"load average before: {os.getloadavg()[0]:.2f})"
    )
    try:
        rows = run(runs, scenarios)
    except StartFailed as exc:
        print(f"the kiosk did not start: {exc}", file=sys.stderr)
        return 1
    print(table(rows))
    # other processes on the same cores stretch every start: say how busy they were
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 0 if all(row.ok is not False for row in rows) else 1
