"""A fake network receipt printer on loopback TCP (port 9100 style).

It answers ``DLE EOT n`` from its current :attr:`state` (unless
:attr:`silent`), and records everything else as jobs: a job ends at a cut
command or when the connection closes. Tests and the demo inspect
:meth:`jobs` and render them with :mod:`devices.printer.render`.
"""

from __future__ import annotations

import socket
import threading

from devices.printer.status import DLE_EOT, PrinterStatus, encode_status

CUT_PREFIX = b"\x1dV"


class FakePrinterServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.state = PrinterStatus()
        self.silent = False  # True: no status answers (a printer that is off)
        self._lock = threading.Lock()
        self._jobs: list[bytes] = []
        self._job_added = threading.Condition(self._lock)
        self._sock = socket.create_server((host, port))
        self._sock.settimeout(0.1)
        self.host, self.port = self._sock.getsockname()[:2]
        self.url = f"tcp://{self.host}:{self.port}"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fake-printer", daemon=True)
        self._thread.start()

    # ------------------------------------------------------------ inspection
    def jobs(self) -> list[bytes]:
        with self._lock:
            return list(self._jobs)

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        with self._job_added:
            self._job_added.wait_for(lambda: len(self._jobs) >= count, timeout)
            return list(self._jobs)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self._sock.close()

    # ------------------------------------------------------------ serving
    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._client, args=(conn,), daemon=True).start()

    def _client(self, conn: socket.socket) -> None:
        conn.settimeout(0.1)
        pending = bytearray()
        with conn:
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                pending += chunk
                self._consume(conn, pending)
        if pending:
            self._record(bytes(pending))

    def _consume(self, conn: socket.socket, pending: bytearray) -> None:
        while True:
            at = pending.find(DLE_EOT)
            if at < 0 or at + 2 >= len(pending):
                break  # the n byte has not arrived yet
            n = pending[at + 2]
            del pending[at : at + 3]
            answers = encode_status(self.state)
            if not self.silent and n in answers:
                conn.sendall(answers[n])
        while True:
            at = pending.find(CUT_PREFIX)
            if at < 0 or at + 4 > len(pending):
                break
            self._record(bytes(pending[: at + 4]))
            del pending[: at + 4]

    def _record(self, job: bytes) -> None:
        with self._job_added:
            self._jobs.append(job)
            self._job_added.notify_all()
