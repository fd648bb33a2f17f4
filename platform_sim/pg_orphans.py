"""Throwaway clusters whose owner died: stopped by the next one to start.

A test session or a fleet bench killed with SIGKILL never runs its cluster's ``stop``,
and PostgreSQL has no way to die with its parent, so its server would run on, holding a
port, memory and a temp directory, until the machine restarts. Each cluster therefore
records the process that made it (``owner.pid`` in its directory); before a new one
starts, every ``pg-cluster-*`` directory whose owner is gone has its server stopped (the
PID in PostgreSQL's own ``postmaster.pid``: SIGINT, then SIGKILL) and is removed. A
cluster whose owner still runs is never touched, so parallel sessions keep theirs.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import time
from pathlib import Path

log = logging.getLogger(__name__)

#: the directory name's prefix (pg_cluster's mkdtemp)
PREFIX = "pg-cluster-"
#: the file in a cluster's directory naming the process that made it
OWNER_FILE = "owner.pid"


def record_owner(directory: Path) -> None:
    (directory / OWNER_FILE).write_text(f"{os.getpid()}\n", encoding="ascii")


def reap_orphans(*bases: Path) -> list[Path]:
    """Stop and remove every cluster under ``bases`` whose owner is gone; returns them."""
    reaped = []
    for base in dict.fromkeys(bases):  # one look per directory, in order
        for directory in sorted(base.glob(PREFIX + "*")):
            owner = _pid_in(directory / OWNER_FILE)
            if owner is None or _alive(owner):
                continue  # not ours to judge (no owner recorded), or still in use
            server = _pid_in(directory / "data" / "postmaster.pid")
            if server is not None and _alive(server):
                _stop(server)
            shutil.rmtree(directory, ignore_errors=True)
            log.warning(
                "orphaned postgres cluster stopped",
                extra={"directory": str(directory), "owner": owner, "server": server},
            )
            reaped.append(directory)
    return reaped


def _pid_in(path: Path) -> int | None:
    """The first line of ``path`` as a PID (postmaster.pid starts with it)."""
    try:
        first = path.read_text(encoding="ascii", errors="replace").split("\n", 1)[0].strip()
    except OSError:
        return None
    return int(first) if first.isdigit() and int(first) > 0 else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, and not ours
    return True


def _stop(pid: int, timeout: float = 10.0) -> None:
    """Fast shutdown (SIGINT), then SIGKILL if it lingers."""
    try:
        os.kill(pid, signal.SIGINT)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid) or _zombie(pid):
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _zombie(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] == "Z"
