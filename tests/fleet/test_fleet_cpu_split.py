"""The fleet bench says where its CPU went: a process tree's CPU seconds, a child's
included, read from /proc."""

from __future__ import annotations

import subprocess
import sys
import time

from kiosk.bench.fleet.cpu_split import CpuSplit, tree_cpu_s

SPIN = "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass\n"


def test_a_trees_cpu_counts_its_grandchildren() -> None:
    # a parent that starts a spinning child, spins itself, then waits for the line to end
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            f"child = subprocess.Popen([sys.executable, '-c', {SPIN!r} + 'time.sleep(60)'])\n"
            f"{SPIN}"
            "print('spun', flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None and parent.stdout.readline().strip() == "spun"
        deadline = time.monotonic() + 30
        while tree_cpu_s(parent.pid) < 1.1 and time.monotonic() < deadline:
            time.sleep(0.1)  # the child may still be spinning
        assert tree_cpu_s(parent.pid) >= 1.1, "the parent's and the child's 0.6 s each"
    finally:
        for p in subprocess.run(
            ["pgrep", "-P", str(parent.pid)], capture_output=True, text=True
        ).stdout.split():
            subprocess.run(["kill", p], check=False)
        parent.kill()
        parent.wait()


def test_the_split_says_how_much_of_the_machine_was_used() -> None:
    line = CpuSplit(wall_s=10.0, kiosks_s=8.0, platform_s=6.0, postgres_s=4.0).render()
    assert "kiosks 8, platform 6, postgres 4" in line
    assert "= 18 of " in line and "of the machine" in line
