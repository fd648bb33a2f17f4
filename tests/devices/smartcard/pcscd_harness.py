"""A private pcscd with the vsmartcard vpcd driver, for tests over real PC/SC.

What pcsc-lite 1.9.9 (Debian 12) allows, and so what this does:

- The daemon's socket and pid file are compiled in (``/run/pcscd/pcscd.comm``,
  ``/run/pcscd/pcscd.pid``); only the *client* library reads
  ``$PCSCLITE_CSOCK_NAME`` (once per process). So pcscd runs in a private mount
  namespace (``unshare --mount``) where a temp dir is bind-mounted over
  ``/run/pcscd``: its socket appears as ``<tmp>/run/pcscd.comm`` outside, which
  the tests name in ``PCSCLITE_CSOCK_NAME``. A system pcscd is never touched.
- ``pcscd -c DIR`` reads a private reader.conf.d, so the vpcd reader, its
  name and port are ours, not ``/etc/reader.conf.d/vpcd``.
- vpcd in server mode (``DEVICENAME /dev/null:PORT``) listens on *all*
  interfaces (INADDR_ANY is compiled in). Run as root, pcscd also gets a private
  network namespace (``unshare --net``, only a loopback) and the virtual card's
  socket is opened inside it (``setns`` on one short-lived thread), so nothing
  listens on the machine's real interfaces and any port is free. Not root: a
  user namespace for the mount, the host network, and a free port pair.
- vpcd's "reverse" mode (``DEVICENAME 127.0.0.1:PORT``: vpcd connects to the
  card) aborts pcscd ("bit out of range 0 - FD_SETSIZE on fd_set") as soon as
  no card is listening: never used.

A card is inserted by connecting to vpcd and removed by closing the socket.

A reader cannot be unplugged from this running pcscd, so "reader gone" is the
daemon stopped, or restarted without the vpcd reader. Found by experiment and
in the 1.9.9 source (see ADR 0008): Debian builds pcscd with the libudev
hotplug backend, where SIGUSR1 (what ``pcscd --hotplug`` sends) is logged and
then does nothing (``HPReCheckSerialReaders`` is empty), so a reader.conf.d
entry removed or added later is never noticed; a running pcscd drops a reader
only on a udev "remove" event for a USB device. :meth:`PrivatePcscd.rescan`
sends the signal so a test can keep checking that this is still so.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import shutil
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
READER_NAME = "Virtual PCD kiosk-test"
CLONE_NEWNET = 0x40000000
#: what pcscd logs at --info when its signal thread takes a signal (SIGUSR1 is 10 on Linux)
SIGNAL_LOGGED = "signal_thread() Received signal: {}"
_T = TypeVar("_T")

_SCRIPT = """
set -e
if [ ! -d /run/pcscd ]; then mount -t tmpfs -o mode=0755 tmpfs /run; mkdir -p /run/pcscd; fi
mount --bind "$KIOSK_PCSCD_RUN" /run/pcscd
exec "$KIOSK_PCSCD" --foreground --info --config "$KIOSK_PCSCD_CONF"
"""


class PcscdUnavailable(RuntimeError):
    """pcscd, the vpcd driver or namespaces are missing: the tests skip with this reason."""


def _pcscd_binary() -> str | None:
    return shutil.which("pcscd") or next(
        (p for p in ("/usr/sbin/pcscd", "/sbin/pcscd") if os.access(p, os.X_OK)), None
    )


def unavailable_reason() -> str | None:
    """Why a private pcscd cannot run here, or None when it can."""
    if _pcscd_binary() is None:
        return "pcscd is not installed (apt install pcscd; scripts/bootstrap.sh does)"
    if not VPCD_DRIVER.exists():
        return "the vpcd driver is not installed (apt install vsmartcard-vpcd)"
    if shutil.which("unshare") is None:
        return "unshare (util-linux) is not installed"
    probe = [*_unshare_prefix(), "true"]
    if subprocess.run(probe, capture_output=True, timeout=10).returncode != 0:
        return "cannot create a private mount namespace (unshare --mount) for a private pcscd"
    return None


def _isolate_net() -> bool:
    return os.geteuid() == 0


def _unshare_prefix() -> list[str]:
    prefix = ["unshare", "--mount", "--propagation", "private"]
    if _isolate_net():
        prefix.append("--net")
    else:
        prefix[1:1] = ["--user", "--map-root-user"]
    return prefix


def _free_port_pair() -> int:
    """A port p with p and p + 1 free (vpcd opens one port per slot, two slots)."""
    for _ in range(50):
        with socket.socket() as s:
            s.bind(("0.0.0.0", 0))
            port = int(s.getsockname()[1])
        if port >= 65535:
            continue
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port + 1))
            except OSError:
                continue
        return port
    raise PcscdUnavailable("no free pair of TCP ports for vpcd")


class PrivatePcscd:
    """pcscd + vpcd under ``base``; :attr:`socket_path` is what PCSCLITE_CSOCK_NAME must name."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.run_dir = base / "run"
        self.conf_dir = base / "reader.conf.d"
        self.log_path = base / "pcscd.log"
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        self.socket_path = self.run_dir / "pcscd.comm"
        self.isolated_net = _isolate_net()
        self.port = 35963 if self.isolated_net else _free_port_pair()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc is not None and self.proc.poll() is None else None

    def start(self, *, with_reader: bool = True, timeout: float = 5.0) -> None:
        """Start pcscd (with the vpcd reader unless ``with_reader`` is False) and wait for its socket."""
        if self.pid is not None:
            raise RuntimeError("pcscd is already running")
        conf = self.conf_dir / "vpcd"
        if with_reader:
            conf.write_text(
                f'FRIENDLYNAME "{READER_NAME}"\n'
                f"DEVICENAME   /dev/null:0x{self.port:04X}\n"
                f"LIBPATH      {VPCD_DRIVER}\n"
                f"CHANNELID    0x{self.port:04X}\n"
            )
        else:
            conf.unlink(missing_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        env = dict(
            os.environ,
            KIOSK_PCSCD=str(_pcscd_binary()),
            KIOSK_PCSCD_RUN=str(self.run_dir),
            KIOSK_PCSCD_CONF=str(self.conf_dir),
        )
        log = self.log_path.open("ab")
        try:
            self.proc = subprocess.Popen(
                [*_unshare_prefix(), "sh", "-c", _SCRIPT],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        finally:
            log.close()
        deadline = time.monotonic() + timeout
        while not self.socket_path.exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                tail = self.log_path.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"private pcscd did not start; its log ends:\n{tail}")
            time.sleep(0.02)
        if self.isolated_net:
            self._in_netns(_loopback_up)

    def stop(self) -> None:
        """Stop pcscd by its PID (SIGTERM, then SIGKILL after 5 s); safe to call twice."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)

    def restart(self, *, with_reader: bool = True) -> None:
        self.stop()
        self.start(with_reader=with_reader)

    def log_text(self) -> str:
        """Everything the daemon logged so far (all starts; --info level)."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def rescan(self, timeout: float = 3.0) -> None:
        """Ask pcscd to rescan its readers, as ``pcscd --hotplug`` does (SIGUSR1 to the daemon),
        and return once pcscd has logged taking the signal.

        Signalled by PID rather than with ``pcscd --hotplug``: that reads the pid file in
        ``/run/pcscd``, which exists only inside the daemon's mount namespace."""
        pid = self.pid
        if pid is None:
            raise RuntimeError("pcscd is not running")
        # unshare and sh exec into pcscd, so the child's PID is the daemon's own
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        if comm != "pcscd":
            raise RuntimeError(f"PID {pid} is {comm!r}, not pcscd")
        mark = SIGNAL_LOGGED.format(int(signal.SIGUSR1))
        seen = self.log_text().count(mark)
        os.kill(pid, signal.SIGUSR1)
        deadline = time.monotonic() + timeout
        while self.log_text().count(mark) <= seen:
            if time.monotonic() > deadline:
                raise RuntimeError(f"pcscd did not log SIGUSR1 within {timeout}s")
            time.sleep(0.02)

    # ---------------------------------------------------------------- virtual cards
    def connect(self, host: str, port: int, timeout: float) -> socket.socket:
        """A TCP connection to vpcd, made inside pcscd's network namespace when it has one."""
        if not self.isolated_net:
            return socket.create_connection((host, port), timeout=timeout)
        return self._in_netns(lambda: socket.create_connection((host, port), timeout=timeout))

    def _in_netns(self, fn: Callable[[], _T]) -> _T:
        pid = self.pid
        if pid is None:
            raise ConnectionRefusedError("pcscd is not running")
        box: dict[str, object] = {}

        def run() -> None:
            try:
                fd = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
                try:
                    libc = ctypes.CDLL(None, use_errno=True)
                    if libc.setns(fd, CLONE_NEWNET) != 0:
                        err = ctypes.get_errno()
                        raise OSError(err, f"setns: {os.strerror(err)}")
                finally:
                    os.close(fd)
                box["value"] = fn()  # this thread only lives in the namespace
            except BaseException as exc:
                box["error"] = exc

        thread = threading.Thread(target=run, name="pcscd-netns")
        thread.start()
        thread.join()
        if "error" in box:
            raise box["error"]  # type: ignore[misc]
        return box["value"]  # type: ignore[return-value]


def _loopback_up() -> None:
    siocgifflags, siocsifflags, iff_up = 0x8913, 0x8914, 0x1
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        request = struct.pack("16sH14s", b"lo", 0, b"")
        flags = struct.unpack("16sH", fcntl.ioctl(s, siocgifflags, request)[:18])[1]
        fcntl.ioctl(s, siocsifflags, struct.pack("16sH14s", b"lo", flags | iff_up, b""))
