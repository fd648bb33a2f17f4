"""The demo's gateway simulator in a child process: it answers the kiosk's client with
the keys made for it, and it does not outlive a kiosk killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flows.payment_ports import GatewayStatus
from kiosk.payments_gateway_process import start_gateway_process
from payments.gateway_client import AlipayGateway, GatewaySettings

ROOT = Path(__file__).resolve().parents[2]

#: a kiosk that starts the gateway, says where it is, and waits to be killed
KIOSK = """
import sys, time
from pathlib import Path
from kiosk.payments_gateway_process import start_gateway_process
running = start_gateway_process(Path(sys.argv[1]))
assert running.wait_ready()
print(running._proc.pid, flush=True)
time.sleep(600)
"""


def test_the_child_answers_signed_with_the_keys_made_for_it(tmp_path: Path) -> None:
    running = start_gateway_process(tmp_path / "gw")
    try:
        assert running.wait_ready()
        gateway = AlipayGateway(
            GatewaySettings.from_files(
                running.gateway_url,
                running.app_id,
                running.app_private_key_path,
                running.gateway_public_key_path,
            )
        )
        assert gateway.query("KNEVER-1").status is GatewayStatus.NOT_EXIST
        assert running.control.new_buyer(100).buyer_id
    finally:
        running.stop()


def test_the_child_goes_with_a_killed_kiosk(tmp_path: Path) -> None:
    kiosk = subprocess.Popen(
        [sys.executable, "-c", KIOSK, str(tmp_path / "gw")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert kiosk.stdout is not None
    child = int(kiosk.stdout.readline())
    kiosk.send_signal(signal.SIGKILL)
    kiosk.wait(30)
    kiosk.stdout.close()
    deadline = time.monotonic() + 60
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)


def _alive(pid: int) -> bool:
    """Running, not a zombie (the killed kiosk's orphan is reaped by init)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z" and os.path.exists(f"/proc/{pid}")
