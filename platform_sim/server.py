"""Run the simulator: blocking for the CLI, in a thread for the tests, or in a child
process for the demo (so its Python work never holds the kiosk's interpreter lock)."""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import uvicorn

log = logging.getLogger(__name__)

#: ``app.API_PREFIX + "/health"``, spelt out: the kiosk imports this module only to start
#: the simulator's child process, and importing the app (FastAPI, uvicorn, every route's
#: pydantic models) there cost 0.5-1 s of its cold start (issue 18). A test checks it.
HEALTH_PATH = "/api/v1/health"


def serve(
    host: str,
    port: int,
    db_path: str | Path,
    tls: ServerTls | None = None,
    *,
    faults: bool = False,
    workers: int = 1,
    gateway_public_key: Path | None = None,
) -> None:
    """Serve until interrupted (Ctrl-C / SIGTERM); over (mutual) TLS when ``tls`` is given;
    with the fault-injection switch only when ``faults`` (``--faults``, tests); in
    ``workers`` processes when more than one (platform_sim/workers.py)."""
    import uvicorn

    from platform_sim.app import create_app

    if workers > 1:
        from platform_sim.workers import serve_workers

        tls_options = tls.uvicorn_options() if tls is not None else {}
        serve_workers(host, port, db_path, workers, tls_options, gateway_public_key)
        return

    log.info(
        "platform simulator starting",
        extra={"host": host, "port": port, "tls": tls is not None, "faults": faults},
    )
    uvicorn.run(
        create_app(db_path, faults=faults, gateway_public_key=gateway_public_key),
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        **(tls.uvicorn_options() if tls is not None else {}),
    )


@dataclass(frozen=True)
class ServerTls:
    """TLS for the simulator; with ``client_ca`` every terminal must present a
    certificate signed by it (mutual TLS), else the handshake is refused."""

    certfile: Path
    keyfile: Path
    client_ca: Path | None = None

    def uvicorn_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "ssl_certfile": str(self.certfile),
            "ssl_keyfile": str(self.keyfile),
        }
        if self.client_ca is not None:
            options["ssl_ca_certs"] = str(self.client_ca)
            options["ssl_cert_reqs"] = ssl.CERT_REQUIRED
        return options


@dataclass
class RunningServer:
    url: str  # e.g. "http://127.0.0.1:40123", without the /api/v1 prefix
    port: int
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _close_store: Callable[[], None] = field(repr=False)

    def stop(self, timeout: float = 5.0) -> None:
        """Stop serving, then let go of the store (its connections, its file) once no
        request can be using it any more."""
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        if not self._thread.is_alive():
            self._close_store()
        log.info("platform simulator stopped", extra={"port": self.port})


def start_in_thread(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    ready_timeout: float = 10.0,
    *,
    tls: ServerTls | None = None,
    faults: bool = False,
    gateway_public_key: Path | None = None,
) -> RunningServer:
    """Start on a daemon thread and return once ``/health`` answers. ``faults``: serve
    the fault-injection switch (``/api/v1/backoffice/faults``), for tests only.

    ``port=0`` picks a free port. The socket is bound here (with SO_REUSEADDR) so a
    stopped server can be started again on the same port, as a platform coming back.
    """
    import uvicorn

    from platform_sim.app import create_app

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    actual_port = sock.getsockname()[1]
    app = create_app(db_path, faults=faults, gateway_public_key=gateway_public_key)
    config = uvicorn.Config(
        app,
        access_log=False,
        log_level="warning",
        lifespan="off",
        **(tls.uvicorn_options() if tls is not None else {}),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run,
        kwargs={"sockets": [sock]},
        name=f"platform-sim-{actual_port}",
        daemon=True,
    )
    thread.start()
    scheme = "https" if tls is not None else "http"
    url = f"{scheme}://{host}:{actual_port}"
    running = RunningServer(url, actual_port, server, thread, app.state.db.close)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        # over TLS a client certificate may be required: trust uvicorn's own flag
        up = server.started if tls is not None else _answers(url + HEALTH_PATH)
        if up:
            log.info("platform simulator ready", extra={"port": actual_port})
            return running
        if not thread.is_alive():
            break
        time.sleep(0.02)
    running.stop()
    raise RuntimeError(f"platform simulator did not start on port {actual_port}")


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=0.5) as resp:
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class SimulatorProcess:
    """The simulator in a child process (:func:`start_in_subprocess`); ``stop`` ends it."""

    url: str  # e.g. "http://127.0.0.1:40123", without the /api/v1 prefix
    port: int
    _proc: subprocess.Popen[bytes] = field(repr=False)

    @property
    def pid(self) -> int:
        return self._proc.pid

    def alive(self) -> bool:
        return self._proc.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """Close the child's stdin (it shuts down on EOF, the same path as when the
        kiosk dies), then SIGTERM, then SIGKILL if it still lingers."""
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            with contextlib.suppress(OSError):  # a child already gone broke the pipe
                self._proc.stdin.close()
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self._proc.terminate()
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        log.info("platform simulator stopped", extra={"port": self.port, "pid": self._proc.pid})


def start_in_subprocess(
    db_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 0,
    ready_timeout: float = 30.0,
    *,
    faults: bool = False,
    wait: bool = True,
    gateway_public_key: Path | None = None,
) -> SimulatorProcess:
    """Start in a child process (``python -m platform_sim.child``) and return once
    ``/health`` answers, or at once when not ``wait``. Plain HTTP only (the embedded demo
    simulator has no TLS).

    Why a process: in a thread of the kiosk every request's Python (FastAPI routing,
    pydantic, SQLite calls) competes with the GUI thread for the interpreter lock; a
    real site's platform is a remote server and costs the kiosk none of that.

    The listening socket is bound here and handed to the child (``pass_fds``), so the
    port is known without the child reporting it and ``port=0`` needs no round trip.
    The child's stdin is a pipe from this process: it exits when that reaches EOF,
    which happens on :meth:`SimulatorProcess.stop` and, because the kernel closes the
    pipe, whenever this process dies, even by SIGKILL (no orphaned simulators).

    The socket listens before the child starts, so a request sent while the child is
    still importing and seeding (about a second) waits in the backlog instead of being
    refused: the demo kiosk does not wait for it (``wait=False``, issue 18), its first
    request (the catalogue, after the first paint) is answered once the child is up.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    actual_port = int(sock.getsockname()[1])
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())
    try:
        proc = subprocess.Popen(
            [
                *(sys.executable, "-m", "platform_sim.child"),
                *("--fd", str(sock.fileno()), "--db", str(db_path), "--log-level", str(level)),
                *(("--faults",) if faults else ()),
                *(("--gateway-public-key", str(gateway_public_key)) if gateway_public_key else ()),
            ],
            stdin=subprocess.PIPE,
            pass_fds=(sock.fileno(),),
            # its own session: a Ctrl-C in the demo's terminal is the kiosk's to handle; the
            # child goes when the kiosk stops it or dies (the pipe), never before
            start_new_session=True,
        )
    finally:
        sock.close()  # the child has its own copy of the descriptor
    url = f"http://{host}:{actual_port}"
    running = SimulatorProcess(url, actual_port, proc)
    if not wait:
        log.info("platform simulator starting", extra={"port": actual_port, "pid": proc.pid})
        return running
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if _answers(url + HEALTH_PATH):
            log.info("platform simulator ready", extra={"port": actual_port, "pid": proc.pid})
            return running
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    running.stop()
    raise RuntimeError(f"platform simulator process did not start on port {actual_port}")
