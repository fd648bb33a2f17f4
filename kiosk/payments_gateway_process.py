"""The demo's payment-gateway simulator in a child process of its own, as the embedded
platform simulator runs (``start_in_subprocess``): its web stack (FastAPI, uvicorn) never
loads in the kiosk's process, so it costs the cold start nothing and its requests never
hold the interpreter lock the GUI thread needs (the cold-start test forbids FastAPI and
uvicorn before the first paint).

Its keys are made here first (``payment_gateway_sim.keys``: the cryptography package
only), since the embedded platform is told the gateway's public key when it starts and
the kiosk's client needs both at once; the child finds them in place. The kiosk does
not wait for the child to answer: the first call is a resident's payment or the
recovery's first pass, well after the first paint, and the recovery waits for it.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from payment_gateway_sim.control_client import GatewayControl
from payment_gateway_sim.keys import GatewayKeys, ensure_keys

log = logging.getLogger(__name__)

#: the child: serve until the kiosk closes the pipe on its stdin or dies (a kill -9 of the
#: kiosk must not leave a gateway holding its port)
_SERVE = """
import os, sys, threading
from pathlib import Path
from payment_gateway_sim.embedded import serve

def exit_with_parent():
    sys.stdin.buffer.read()
    os._exit(0)

threading.Thread(target=exit_with_parent, daemon=True).start()
serve(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
"""


@dataclass
class GatewayProcess:
    """What the kiosk and the tours use of the running simulator (as ``RunningGateway``)."""

    url: str
    keys: GatewayKeys
    _proc: subprocess.Popen[bytes] = field(repr=False)
    _ready: bool = field(default=False, repr=False)

    @property
    def gateway_url(self) -> str:
        return self.url + "/gateway.do"

    @property
    def app_id(self) -> str:
        return self.keys.app_id

    @property
    def app_private_key_path(self) -> Path:
        return self.keys.files.app_private

    @property
    def gateway_public_key_path(self) -> Path:
        return self.keys.files.gateway_public

    @property
    def control(self) -> GatewayControl:
        """The ``/sim`` routes (the tours' payer), once the child answers."""
        self.wait_ready()
        return GatewayControl(self.url)

    def wait_ready(self, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while not self._ready and time.monotonic() < deadline and self._proc.poll() is None:
            self._ready = _answers(self.url + "/health")
            if not self._ready:
                time.sleep(0.05)
        return self._ready

    def stop(self, timeout: float = 5.0) -> None:
        if self._proc.stdin is not None:
            self._proc.stdin.close()  # the child's watch exits at the EOF
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(timeout)
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        log.info("payment gateway simulator stopped", extra={"url": self.url})


def start_gateway_process(data_dir: Path, host: str = "127.0.0.1") -> GatewayProcess:
    """The simulator serving ``data_dir`` (its keys in ``data_dir/keys``, made now if
    missing; its store beside them) on a free loopback port, in a child process."""
    keys = ensure_keys(data_dir / "keys")
    with socket.socket() as probe:  # a free port for the child to bind
        probe.bind((host, 0))
        port = int(probe.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-c", _SERVE, host, str(port), str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,  # it prints where its keys are: known here already
        start_new_session=True,  # a Ctrl-C at the kiosk's terminal is the kiosk's to handle
    )
    log.info("payment gateway simulator starting", extra={"port": port, "pid": proc.pid})
    return GatewayProcess(f"http://{host}:{port}", keys, proc)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=0.5) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False
