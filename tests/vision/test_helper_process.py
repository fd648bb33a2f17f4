"""The vision helper process goes when the kiosk that started it goes, even by SIGKILL
(vision/worker.py): it was left behind, with its models, waiting forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kiosk.paths import PROJECT_ROOT

#: a stand-in for the kiosk: starts the helper through the real worker, says its pid, waits
KIOSK = """
import os, sys, time
from vision.worker import get_worker


if __name__ == "__main__":  # not when the spawned helper imports this file
    print(get_worker().call(os.getpid), flush=True)
    time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is gone too (its parent, init, reaps it when it gets to it)
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_helper_leaves_when_the_kiosk_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "kiosk_stand_in.py"
    script.write_text(KIOSK, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    env.pop("KIOSK_VISION_IN_PROCESS", None)
    kiosk = subprocess.Popen(
        [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert kiosk.stdout is not None
        helper = int(kiosk.stdout.readline())
        assert helper != kiosk.pid and _alive(helper)
    finally:
        kiosk.send_signal(signal.SIGKILL)
        kiosk.wait()
    deadline = time.monotonic() + 30.0  # a bound for a busy machine, not a measurement
    while _alive(helper) and time.monotonic() < deadline:
        time.sleep(0.1)
    if _alive(helper):
        os.kill(helper, signal.SIGKILL)  # do not leave it behind for the next test either
        raise AssertionError("the vision helper outlived the kiosk that started it")
