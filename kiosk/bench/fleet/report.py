"""What a fleet bench run found: throughput, latency percentiles, lost and
duplicated cases, kiosk failures, as a table."""

from __future__ import annotations

import logging
import os
import statistics
from dataclasses import dataclass

from kiosk.bench.fleet.cpu_split import CpuSplit
from kiosk.bench.fleet.headless_kiosk import KioskResult
from kiosk.bench.fleet.worker_kill import WorkerKill

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BenchSetup:
    store: str
    workers: int
    threads: int
    #: descriptors the process holds per kiosk (/proc/self/fd, after set-up)
    descriptors_per_kiosk: float
    #: RLIMIT_NOFILE in force (the soft limit, raised to the hard one)
    open_file_limit: int


@dataclass
class BenchReport:
    kiosks: int
    rounds: int
    ramp_s: float
    wall_s: float
    results: list[KioskResult]
    latencies: dict[str, list[float]]
    platform_cases: int
    lost: int
    duplicates: int
    not_collected: int
    left_in_outboxes: int
    config_pushed: int
    config_received: int
    setup: BenchSetup
    #: ``--kill-worker-after``: the worker killed mid-run and its replacement
    worker_kill: WorkerKill | None = None
    #: CPU seconds by party over the run (the kiosks, the platform, PostgreSQL)
    cpu: CpuSplit | None = None

    @property
    def failures(self) -> list[str]:
        return [f"{r.terminal_id}: {f}" for r in self.results for f in r.failures]

    @property
    def ok(self) -> bool:
        return (
            not self.failures
            and self.lost == 0
            and self.duplicates == 0
            and self.not_collected == 0
            and self.left_in_outboxes == 0
            and (self.worker_kill is None or self.worker_kill.replaced_by is not None)
        )

    def render(self) -> str:
        # the catalogue is served from the kiosk's cache (ETag refresh in the background):
        # listed below, but kept out of the totals so they describe platform round trips
        every = [s for op, v in self.latencies.items() if op != "catalog" for s in v]
        submitted = sum(len(r.cases) for r in self.results)
        journeys = submitted + sum(r.collected for r in self.results)
        lines = [
            f"fleet bench: {self.kiosks} kiosks x {self.rounds} round(s) "
            f"(declare + clerk load + collect), {os.cpu_count()} CPU(s), "
            f"starts spread over {self.ramp_s:g} s",
            f"platform           {self.setup.store}, {self.setup.workers} worker(s); "
            f"kiosks on {self.setup.threads} threads",
            f"descriptors        {self.setup.descriptors_per_kiosk:8.1f} per kiosk "
            f"(open-file limit {self.setup.open_file_limit})",
            f"wall time          {self.wall_s:8.2f} s",
            f"journeys           {journeys:8d}  ({journeys / self.wall_s:.1f}/s)",
            f"platform requests  {len(every):8d}  ({len(every) / self.wall_s:.1f}/s)",
            f"latency p50        {_ms(_pct(every, 50)):>8}",
            f"latency p99        {_ms(_pct(every, 99)):>8}",
            f"latency max        {_ms(max(every, default=0.0)):>8}",
            "by call            count      p50      p99      max",
        ]
        for op, v in sorted(self.latencies.items()):
            lines.append(
                f"  {op:<18}{len(v):5d} {_ms(_pct(v, 50)):>8} {_ms(_pct(v, 99)):>8} "
                f"{_ms(max(v)):>8}"
            )
        journey_s = [s for r in self.results for s in r.journey_seconds]
        slips = [r.start_slip_s for r in self.results]
        lines += [
            f"round trip p50/p99 {_pct(journey_s, 50):.2f} s / {_pct(journey_s, 99):.2f} s "
            "(a kiosk's declaration + clerk + collection, device delays included)",
            f"start slip p99     {_ms(_pct(slips, 99)):>8}  (kiosks waiting for a thread)",
            *([self.cpu.render()] if self.cpu is not None else []),
            f"cases submitted    {submitted:8d}",
            f"cases on platform  {self.platform_cases:8d}",
            f"cases lost         {self.lost:8d}",
            f"cases duplicated   {self.duplicates:8d}",
            f"not collected      {self.not_collected:8d}",
            f"left in outboxes   {self.left_in_outboxes:8d}",
            f"config pushed/recv {self.config_pushed:4d} / {self.config_received}",
            f"kiosk failures     {len(self.failures):8d}",
        ]
        if self.worker_kill is not None:
            lines.append(self.worker_kill.render())
        lines += [f"  {f}" for f in self.failures[:10]]
        lines.append("RESULT: " + ("OK" if self.ok else "FAILED"))
        return "\n".join(lines)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
