"""The gateway simulator on a daemon thread of this process (tests, tours, the demo), or
serving until interrupted (``kiosk gateway serve``)."""

from __future__ import annotations

import functools
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from payment_gateway_sim.app import create_app
from payment_gateway_sim.control_client import GatewayControl
from payment_gateway_sim.gateway import Gateway
from payment_gateway_sim.keys import ensure_keys

log = logging.getLogger(__name__)

STORE_NAME = "gateway.sqlite3"


def default_data_dir(keys_dir: Path) -> Path:
    """Where the store goes beside a key directory: ``<keys_dir's parent>/gateway-data``."""
    return keys_dir.parent / "gateway-data"


@dataclass
class RunningGateway:
    #: this server, e.g. "http://127.0.0.1:40123" (the SDK's gateway is ``gateway_url``)
    url: str
    port: int
    app_id: str
    app_private_key_path: Path
    app_public_key_path: Path
    gateway_public_key_path: Path
    control: GatewayControl
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _gateway: Gateway = field(repr=False)

    @property
    def gateway_url(self) -> str:
        """What the SDK calls (``AliPay._gateway``): ``<url>/gateway.do``."""
        return self.url + "/gateway.do"

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving (politely, then not), then close the store once nothing uses it."""
        for how in ("should_exit", "force_exit"):
            setattr(self._server, how, True)
            self._thread.join(timeout)
            if not self._thread.is_alive():
                self._gateway.close()
                break
        log.info("payment gateway simulator stopped", extra={"port": self.port})


def start_in_thread(
    keys_dir: Path,
    *,
    data_dir: Path | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    ready_timeout: float = 10.0,
) -> RunningGateway:
    """Start on a daemon thread and return once ``/health`` answers. The keys are made in
    ``keys_dir`` unless already there; the store is ``<data_dir>/gateway.sqlite3``
    (``data_dir`` defaults to :func:`default_data_dir`), kept across restarts."""
    keys = ensure_keys(keys_dir)
    gateway = Gateway.open(keys, (data_dir or default_data_dir(keys_dir)) / STORE_NAME)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    actual_port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(gateway),
            access_log=False,
            log_level="warning",
            lifespan="off",
            # a delayed answer (the fault) must not hold a stopping test for long
            timeout_graceful_shutdown=1,
        )
    )
    serving = functools.partial(server.run, sockets=[sock])
    thread = threading.Thread(target=serving, name=f"gateway-sim-{actual_port}", daemon=True)
    thread.start()
    url = f"http://{host}:{actual_port}"
    running = RunningGateway(
        url,
        actual_port,
        keys.app_id,
        keys.files.app_private,
        keys.files.app_public,
        keys.files.gateway_public,
        GatewayControl(url),
        server,
        thread,
        gateway,
    )
    # uvicorn's own flag: set once the socket listens and the app is ready
    give_up = time.monotonic() + ready_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > give_up:
            running.stop()
            raise RuntimeError(f"payment gateway simulator did not start on port {actual_port}")
        time.sleep(0.02)
    log.info("payment gateway simulator ready", extra={"port": actual_port})
    return running


def serve(host: str, port: int, data_dir: Path) -> None:
    """Serve until interrupted (Ctrl-C / SIGTERM): keys in ``<data_dir>/keys``, the store
    in ``<data_dir>/gateway.sqlite3``; says where the keys are first."""
    keys = ensure_keys(data_dir / "keys")
    gateway = Gateway.open(keys, data_dir / STORE_NAME)
    print(
        f"payment gateway simulator on http://{host}:{port}/gateway.do\n"
        f"app_id:              {keys.app_id}\n"
        f"app private key:     {keys.files.app_private}\n"
        f"gateway public key:  {keys.files.gateway_public}",
        flush=True,
    )
    try:
        uvicorn.run(
            create_app(gateway), host=host, port=port, access_log=False, log_level="warning"
        )
    finally:
        gateway.close()
