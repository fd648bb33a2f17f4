"""One CUPS queue through the ``lp``, ``lpstat`` and ``cancel`` commands of Debian's
``cups-client`` (why not pycups: see the README's dependency notes; the commands need
no build and speak IPP to any CUPS server, local or across the network).

The queue is named by an IPP URL, ``ipp://HOST:PORT/printers/QUEUE`` (the URL CUPS
itself gives a queue); ``-h HOST:PORT`` sends every command to that server. Commands
run with ``LANG=C`` so ``lpstat`` answers in the words :mod:`queue_state` reads.
"""

from __future__ import annotations

import logging
import os
import re
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit

from devices.document_printer.queue_state import LpstatParseError, QueueState, parse_lpstat

log = logging.getLogger(__name__)

_JOB_ID = re.compile(r"request id is (?P<id>\S+-\d+)")
_QUEUE_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,127}$")


class QueueUrlError(ValueError):
    """The URL does not name a CUPS queue."""


class CupsNotAnswering(Exception):
    """The command could not reach the server, or is not installed."""


@dataclass(frozen=True)
class QueueUrl:
    server: str  # host:port, what ``-h`` takes
    queue: str


def parse_queue_url(url: str) -> QueueUrl:
    parts = urlsplit(url)
    path = parts.path.removeprefix("/printers/")
    if parts.scheme != "ipp" or not parts.hostname or path == parts.path:
        raise QueueUrlError(f"expected ipp://HOST:PORT/printers/QUEUE, got {url!r}")
    if not _QUEUE_NAME.match(path):
        raise QueueUrlError(f"not a queue name: {path!r}")
    return QueueUrl(f"{parts.hostname}:{parts.port or 631}", path)


class CupsQueue:
    """The commands for one queue; each waits at most ``timeout_s`` for the server."""

    def __init__(self, target: QueueUrl, timeout_s: float = 5.0) -> None:
        self.target = target
        self.timeout_s = timeout_s

    def state(self) -> QueueState:
        out = self._run("lpstat", "-l", "-p", self.target.queue)
        try:
            return parse_lpstat(out)
        except LpstatParseError as exc:
            raise CupsNotAnswering(f"lpstat: {exc}") from None

    def submit(self, pdf: bytes, title: str) -> str:
        """Hand the PDF to the queue (on stdin: no copy of it on the kiosk's disk);
        the job's id, ``QUEUE-N``."""
        out = self._run("lp", "-d", self.target.queue, "-t", title, "-o", "media=A4", stdin=pdf)
        found = _JOB_ID.search(out)
        if found is None:
            raise CupsNotAnswering("lp gave no job id")
        return found["id"]

    def pending(self, job_id: str) -> bool:
        """Whether the job is still queued or printing (not completed, cancelled or aborted)."""
        out = self._run("lpstat", "-W", "not-completed", "-o", self.target.queue)
        return any(line.split(maxsplit=1)[:1] == [job_id] for line in out.splitlines())

    def cancel(self, job_id: str) -> None:
        try:
            self._run("cancel", job_id)
        except CupsNotAnswering:
            log.warning("could not cancel a stuck print job", extra={"job": job_id})

    def _run(self, command: str, *args: str, stdin: bytes | None = None) -> str:
        env = {**os.environ, "LANG": "C", "LC_ALL": "C"}
        env.pop("CUPS_SERVER", None)  # -h names the server
        try:
            done = subprocess.run(
                [command, "-h", self.target.server, *args],
                input=stdin,
                capture_output=True,
                timeout=self.timeout_s,
                env=env,
                check=False,
            )
        except FileNotFoundError:
            raise CupsNotAnswering(f"{command} is not installed (Debian cups-client)") from None
        except subprocess.TimeoutExpired:
            raise CupsNotAnswering(f"{command}: no answer in {self.timeout_s:g} s") from None
        if done.returncode != 0:
            why = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["failed"]
            raise CupsNotAnswering(f"{command}: {why[0]}")
        return done.stdout.decode(errors="replace")
