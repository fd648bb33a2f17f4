"""A CUPS server of its own, in a temporary directory: the real peer of the A4 printer's
tests and of the demo. Its queue ``A4`` runs the Generic PDF Printer driver (Debian
``cups-filters``) into a file, so what a printer would receive, PDF inside PJL, lands
on disk and can be read back; faults are the server's own (a disabled queue, a device
file that cannot be written) or a paper sensor's: the queue's driver is the Generic PDF
one with a last filter of ours (``paper_sensor``) that, while the tray is empty, fails
the job and reports ``media-empty-error`` to cupsd as a printer's backend would.

cupsd runs in the foreground as a child of this process (``-f``), listening on one
loopback port, with its config, spool, cache, state and logs in the directory; it is
stopped by its PID. It needs root (CI and the kiosk image run it so): cupsd drops the
filters to user ``lp`` but opens the device file and its spool itself.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)

CUPSD = "/usr/sbin/cupsd"
#: the Generic PDF Printer: the job reaches the device as PDF (through pdftopdf)
PDF_PPD = Path("/usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd")
QUEUE = "A4"
#: the line of the Generic PDF driver naming its last filter ("-": none)
_LAST_FILTER = '*cupsFilter: "application/vnd.cups-pdf 0 -"'
#: the demo printer's paper sensor, run by cupsd (as user lp) as the queue's last
#: filter: the job's PDF goes on to the device unless the tray is empty. Lines on
#: stderr starting STATE: set the printer's state reasons (cups filter(7))
_PAPER_SENSOR = """#!/bin/sh
if [ -e "$(dirname "$0")/paper-out" ]; then
  echo "STATE: +media-empty-error" >&2
  echo "ERROR: out of paper" >&2
  exit 1
fi
echo "STATE: -media-empty-error" >&2
if [ -n "$6" ]; then exec cat "$6"; else exec cat; fi
"""
_START_S = 15.0

_CUPSD_CONF = """\
Listen 127.0.0.1:{port}
LogLevel info
Browsing No
WebInterface No
DefaultAuthType None
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order allow,deny
    Allow all
  </Limit>
</Policy>
"""

_FILES_CONF = """\
FileDevice Yes
ServerRoot {root}/conf
RequestRoot {root}/spool
TempDir {root}/spool/tmp
CacheDir {root}/cache
StateDir {root}/state
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
"""


class CupsdUnavailable(RuntimeError):
    """cupsd is not installed here, or did not start."""


def cupsd_available() -> bool:
    return Path(CUPSD).exists() and PDF_PPD.exists() and shutil.which("lpadmin") is not None


class PrivateCupsd:
    """Start with :meth:`start`, stop with :meth:`stop` (also when start failed half-way)."""

    def __init__(self) -> None:
        # its own directory right under the system's temp dir: the filters run as user
        # lp and must reach the queue's PPD and the spooled job (a pytest or kiosk data
        # directory below a 0700 parent would not do)
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-cupsd-"))
        self.port = _free_port()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The queue's IPP URL, the driver's ``url`` option."""
        return f"ipp://127.0.0.1:{self.port}/printers/{QUEUE}"

    @property
    def device_file(self) -> Path:
        return self.root / "out" / f"{QUEUE}.prn"

    def start(self) -> PrivateCupsd:
        if not cupsd_available():
            raise CupsdUnavailable(
                "cupsd, lpadmin or the Generic PDF driver is not installed"
                " (Debian cups, cups-client, cups-filters: scripts/bootstrap.sh)"
            )
        self.root.chmod(0o755)
        for sub in ("conf", "spool/tmp", "cache", "state", "log", "out"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "conf" / "cupsd.conf").write_text(_CUPSD_CONF.format(port=self.port))
        (self.root / "conf" / "cups-files.conf").write_text(_FILES_CONF.format(root=self.root))
        self._process = subprocess.Popen(
            [
                CUPSD,
                "-f",
                "-c",
                str(self.root / "conf" / "cupsd.conf"),
                "-s",
                str(self.root / "conf" / "cups-files.conf"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait_listening()
        self._write_driver()
        self.admin(
            "lpadmin",
            "-p",
            QUEUE,
            "-v",
            self.device_file.as_uri(),
            "-P",
            str(self._ppd),
            "-o",
            "PageSize=A4",
            "-E",
        )
        log.info("private cupsd started", extra={"port": self.port, "pid": self._process.pid})
        return self

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------ the hands
    def printed_pdf(self) -> bytes:
        """The PDF of the last job the device received (without the PJL around it)."""
        data = self.device_file.read_bytes()
        start, end = data.find(b"%PDF-"), data.rfind(b"%%EOF")
        if start < 0 or end < 0:
            raise ValueError("the device received no PDF")
        return data[start : end + len(b"%%EOF")]

    def disable(self, reason: str) -> None:
        """Stop the queue as staff would (``cupsdisable -r``): jobs wait, none print."""
        self.admin("cupsdisable", "-r", reason, QUEUE)

    def enable(self) -> None:
        self.admin("cupsenable", QUEUE)

    def run_out_of_paper(self) -> None:
        """The tray is empty: the next job fails and the queue says ``media-empty-error``."""
        (self.root / "paper-out").touch()

    def refill_paper(self) -> None:
        """Paper again; the printer's empty-tray report is cleared (setting the queue's
        driver anew clears its state reasons, as a printer does once its tray is shut)."""
        (self.root / "paper-out").unlink(missing_ok=True)
        self.admin("lpadmin", "-p", QUEUE, "-P", str(self._ppd))

    @property
    def _ppd(self) -> Path:
        return self.root / "A4.ppd"

    def _write_driver(self) -> None:
        """The Generic PDF driver with the paper sensor as its last filter."""
        sensor = self.root / "paper_sensor"
        sensor.write_text(_PAPER_SENSOR)
        sensor.chmod(0o755)  # cupsd runs only a filter nobody else may change
        ppd = PDF_PPD.read_text(encoding="utf-8", errors="replace")
        if _LAST_FILTER not in ppd:
            raise CupsdUnavailable(f"{PDF_PPD} is not the Generic PDF driver this peer knows")
        last = f'*cupsFilter: "application/vnd.cups-pdf 0 {sensor}"'
        self._ppd.write_text(ppd.replace(_LAST_FILTER, last), encoding="utf-8")

    def break_device(self) -> None:
        """Make the device file unwritable (a directory in its place): a job then stays
        pending, as when a printer takes no data."""
        self.device_file.unlink(missing_ok=True)
        self.device_file.mkdir()

    def admin(self, command: str, *args: str) -> None:
        subprocess.run(
            [command, "-h", f"127.0.0.1:{self.port}", *args],
            check=True,
            capture_output=True,
            timeout=10,
        )

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + _START_S
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise CupsdUnavailable(
                    f"cupsd exited ({self._process.returncode}); see {self.root}/log"
                )
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise CupsdUnavailable("cupsd did not listen in time")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
