"""Supervision by systemd: ``READY=1``, ``WATCHDOG=1`` heartbeats from the GUI thread,
and a restart request that waits until no one is using the kiosk.

* :class:`SdNotify` is a tiny client of the ``sd_notify`` protocol: one datagram
  per message to the unix socket named in ``$NOTIFY_SOCKET`` (``@`` = abstract).
* :class:`GuiHeartbeat` sends ``WATCHDOG=1`` from a ``QTimer`` on the GUI thread.
  A stalled event loop (a blocking call on the GUI thread, a deadlock) stops the
  timer, systemd's ``WatchdogSec`` runs out and the service is restarted.
* :class:`RestartRequest`: the nightly timer (``install/systemd``) only touches a
  file in the service's runtime directory; the heartbeat sees it, waits until the
  attract screen shows (no journey in progress) and then quits cleanly, and
  ``Restart=always`` brings the kiosk back.

``WATCHDOG_PID`` is deliberately not checked: under ``cage`` the kiosk is the
compositor's child, not the service's main process, and the unit sets
``NotifyAccess=all`` so the child's messages count.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

#: file name of a restart request inside ``$RUNTIME_DIRECTORY``
RESTART_REQUEST_NAME = "restart-requested"


class SdNotify:
    """Send ``sd_notify`` messages; silently does nothing when not run by systemd."""

    def __init__(self, address: str | None = None) -> None:
        address = address if address is not None else os.environ.get("NOTIFY_SOCKET", "")
        self.address = address
        self._sock: socket.socket | None = None
        if address:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @property
    def enabled(self) -> bool:
        return self._sock is not None

    def notify(self, *fields: str) -> bool:
        """Send ``fields`` (``"READY=1"``, ``"STATUS=..."``) as one message. True if sent."""
        if self._sock is None:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            self._sock.sendto("\n".join(fields).encode(), target)
        except OSError as exc:
            log.warning("sd_notify failed", extra={"error": type(exc).__name__})
            return False
        return True

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def watchdog_interval(env: Mapping[str, str] | None = None) -> float | None:
    """Seconds between heartbeats: a third of ``WATCHDOG_USEC`` (None: no watchdog)."""
    env = os.environ if env is None else env
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
    except ValueError:
        return None
    return usec / 3 / 1_000_000 if usec > 0 else None


class RestartRequest:
    """A file whose presence asks for a restart at the next idle moment."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> RestartRequest | None:
        env = os.environ if env is None else env
        explicit = env.get("KIOSK_RESTART_REQUEST_FILE")
        if explicit:
            return cls(Path(explicit))
        runtime = env.get("RUNTIME_DIRECTORY", "").split(":")[0]
        return cls(Path(runtime) / RESTART_REQUEST_NAME) if runtime else None

    def pending(self) -> bool:
        return self.path.exists()

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)


class GuiHeartbeat(QObject):
    """``WATCHDOG=1`` every ``interval_s`` from the thread that owns it (the GUI thread).

    On each tick it also honours a pending :class:`RestartRequest` once
    ``is_idle()`` says no journey is in progress, by calling ``on_restart``.
    """

    def __init__(
        self,
        notifier: SdNotify,
        interval_s: float,
        *,
        is_idle: Callable[[], bool] = lambda: True,
        restart: RestartRequest | None = None,
        on_restart: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.beats = 0
        self._is_idle = is_idle
        self._restart = restart
        self._on_restart = on_restart
        self._restart_logged = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(interval_s * 1000)))
        self._timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.tick()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def tick(self) -> None:
        if self.notifier.notify("WATCHDOG=1"):
            self.beats += 1
        if self._restart is None or self._on_restart is None or not self._restart.pending():
            return
        if not self._is_idle():
            if not self._restart_logged:
                log.info("restart requested; waiting for the journey to end")
                self._restart_logged = True
            return
        log.info("restart requested; kiosk idle, restarting")
        self._restart.clear()
        self.notifier.notify("STOPPING=1", "STATUS=planned restart")
        self._on_restart()


def install_supervision(
    is_idle: Callable[[], bool],
    quit_app: Callable[[], None],
    *,
    parent: QObject | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[SdNotify, GuiHeartbeat | None]:
    """Heartbeat (when systemd asked for one) and restart requests for the running app.

    Call once the attract screen shows and the event loop is about to run:
    ``READY=1`` is sent from the first turn of the event loop, so a kiosk that
    hangs before its first paint is never reported ready.
    """
    env = os.environ if env is None else env
    notifier = SdNotify(env.get("NOTIFY_SOCKET", ""))
    interval = watchdog_interval(env)
    restart = RestartRequest.from_env(env)
    heartbeat: GuiHeartbeat | None = None
    if interval is not None or restart is not None:
        heartbeat = GuiHeartbeat(
            notifier,
            interval if interval is not None else 5.0,
            is_idle=is_idle,
            restart=restart,
            on_restart=quit_app,
            parent=parent,
        )
        if restart is not None:
            restart.clear()  # a request left from before this start is done

    def ready() -> None:
        notifier.notify("READY=1", "STATUS=attract screen shown")
        if heartbeat is not None:
            heartbeat.start()

    QTimer.singleShot(0, ready)
    return notifier, heartbeat
