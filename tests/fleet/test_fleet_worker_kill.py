"""``kiosk bench fleet --kill-worker-after S``: one of the platform's PostgreSQL workers
killed with SIGKILL while kiosks submit; the fleet loses and doubles nothing, and
uvicorn's supervisor puts a new worker in its place."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kiosk.bench.fleet.bench import run_bench
from kiosk.bench.fleet.options import BenchOptions


def test_a_worker_killed_mid_run_loses_and_doubles_nothing(tmp_path: Path) -> None:
    options = BenchOptions(
        kiosks=24,
        device_delay=0.001,
        ramp_s=6.0,
        threads=8,
        store="postgres",
        workers=2,
        kill_worker_after_s=2.0,
    )
    report = run_bench(options, workdir=tmp_path)
    kill = report.worker_kill
    assert kill is not None and kill.killed_pid is not None, "no worker was killed"
    assert kill.replaced_by is not None and kill.replaced_by != kill.killed_pid
    # kiosks were still starting when it died: some journeys ran across the kill
    assert kill.at_s < report.wall_s
    assert report.failures == []
    submitted = [code for r in report.results for code in r.cases]
    assert len(submitted) == 24 and report.platform_cases == 24
    assert report.lost == 0 and report.duplicates == 0 and report.left_in_outboxes == 0
    # where the CPU went, each party measured (the platform and PostgreSQL in their own)
    cpu = report.cpu
    assert cpu is not None and cpu.kiosks_s > 0 and cpu.platform_s > 0
    assert cpu.postgres_s is not None and cpu.postgres_s > 0
    text = report.render()
    assert "cpu seconds        kiosks" in text
    assert f"worker killed      pid {kill.killed_pid}" in text and "RESULT: OK" in text


def test_a_kill_without_workers_to_spare_is_refused() -> None:
    kiosk = Path(sys.executable).with_name("kiosk")
    done = subprocess.run(
        [str(kiosk), "bench", "fleet", "--kiosks", "2", "--kill-worker-after", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "--kill-worker-after needs" in done.stderr and "Traceback" not in done.stderr
