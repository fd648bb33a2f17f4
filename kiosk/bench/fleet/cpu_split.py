"""Where a fleet bench run's CPU went: the kiosks (this process, every thread), the
platform simulator (its supervisor and workers) and PostgreSQL (the postmaster and its
backends), in CPU seconds beside what the machine had (cores x wall time). The bench
shares one machine with the platform it measures, so a latency goal missed with the
cores all busy is the machine's ceiling, not a store's lock; this says which.

Read from ``/proc/<pid>/stat`` (user + system time, and that of children already waited
for: a backend that ended counts in its postmaster's) over each process tree, just
before the platform stops."""

from __future__ import annotations

import os
import resource
from dataclasses import dataclass
from pathlib import Path

#: clock ticks per second, the unit of /proc's times
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class CpuSplit:
    wall_s: float
    kiosks_s: float
    platform_s: float
    postgres_s: float | None

    def render(self) -> str:
        have = (os.cpu_count() or 1) * self.wall_s
        pg = "" if self.postgres_s is None else f", postgres {self.postgres_s:.0f}"
        used = self.kiosks_s + self.platform_s + (self.postgres_s or 0.0)
        return (
            f"cpu seconds        kiosks {self.kiosks_s:.0f}, platform {self.platform_s:.0f}{pg}"
            f" = {used:.0f} of {have:.0f} ({used / have:.0%} of the machine)"
        )


def own_cpu_s() -> float:
    """This process's CPU seconds (every thread)."""
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def tree_cpu_s(root: int) -> float:
    """CPU seconds of ``root`` and every live descendant, with their waited-for children."""
    children: dict[int, list[int]] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        pid = int(entry.name)
        # after the name: state ppid ... utime(12) stime(13) cutime(14) cstime(15)
        children.setdefault(int(fields[1]), []).append(pid)
        times[pid] = sum(int(f) for f in fields[11:15]) / _TICKS
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += times.get(pid, 0.0)
        todo.extend(children.get(pid, []))
    return total


class CpuMeter:
    """CPU seconds spent between :meth:`start` and :meth:`stop` by each party. A platform
    in this process (``--in-process``) counts with the kiosks."""

    def __init__(self, platform_pid: int | None, postgres_pid: int | None) -> None:
        self._platform_pid = platform_pid
        self._postgres_pid = postgres_pid
        self._at_start = (0.0, 0.0, 0.0)

    def _now(self) -> tuple[float, float, float]:
        platform = tree_cpu_s(self._platform_pid) if self._platform_pid else 0.0
        postgres = tree_cpu_s(self._postgres_pid) if self._postgres_pid else 0.0
        return own_cpu_s(), platform, postgres

    def start(self) -> None:
        self._at_start = self._now()

    def stop(self, wall_s: float) -> CpuSplit:
        kiosks, platform, postgres = (
            b - a for a, b in zip(self._at_start, self._now(), strict=True)
        )
        return CpuSplit(wall_s, kiosks, platform, postgres if self._postgres_pid else None)
