"""sd_notify heartbeats come from the GUI thread: a blocked GUI thread stops them."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from kiosk.watchdog import (
    GuiHeartbeat,
    RestartRequest,
    SdNotify,
    install_supervision,
    watchdog_interval,
)


class FakeSystemd:
    """A NOTIFY_SOCKET: a unix datagram socket; a thread records what arrives."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(str(path))
        self.sock.settimeout(0.05)
        self.messages: list[str] = []
        self.arrived = threading.Condition()
        self._stop = False
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while not self._stop:
            try:
                data = self.sock.recv(4096)
            except TimeoutError:
                continue
            with self.arrived:
                self.messages.append(data.decode())
                self.arrived.notify_all()

    def beats(self) -> int:
        with self.arrived:
            return sum(1 for m in self.messages if "WATCHDOG=1" in m)

    def wait_for(self, predicate: object, timeout: float = 10.0) -> bool:
        with self.arrived:
            return self.arrived.wait_for(predicate, timeout)  # type: ignore[arg-type]

    def close(self) -> None:
        self._stop = True
        self._thread.join()
        self.sock.close()


@pytest.fixture
def systemd(tmp_path: Path) -> Iterator[FakeSystemd]:
    fake = FakeSystemd(tmp_path / "notify.sock")
    yield fake
    fake.close()


def test_heartbeats_arrive_and_stop_while_the_gui_thread_is_blocked(
    qtbot: object, systemd: FakeSystemd
) -> None:
    from pytestqt.qtbot import QtBot

    assert isinstance(qtbot, QtBot)
    heartbeat = GuiHeartbeat(SdNotify(str(systemd.path)), interval_s=0.02)
    heartbeat.start()
    qtbot.waitUntil(lambda: systemd.beats() >= 3, timeout=10_000)

    # Block the GUI thread until the reader has seen a long quiet spell: with the
    # timer on the GUI thread, nothing may arrive while it is blocked.
    release = threading.Event()
    during: list[int] = []

    def observer() -> None:
        before = systemd.beats()
        # 25 heartbeat intervals: a heartbeat from any other thread would show up
        systemd.wait_for(lambda: len(systemd.messages) > 10**9, timeout=0.5)
        during.append(systemd.beats() - before)
        release.set()

    def block_gui_thread() -> None:
        threading.Thread(target=observer, daemon=True).start()
        release.wait(30)

    QTimer.singleShot(0, block_gui_thread)
    qtbot.waitUntil(release.is_set, timeout=30_000)
    assert during == [0], "a heartbeat arrived while the GUI thread was blocked"

    resumed = systemd.beats()
    qtbot.waitUntil(lambda: systemd.beats() > resumed, timeout=10_000)  # it recovers
    heartbeat.stop()


def test_ready_once_the_event_loop_runs_and_restart_waits_for_idle(
    qtbot: object, systemd: FakeSystemd, tmp_path: Path
) -> None:
    from pytestqt.qtbot import QtBot

    assert isinstance(qtbot, QtBot)
    request = tmp_path / "restart-requested"
    idle = [False]
    restarts: list[bool] = []
    env = {
        "NOTIFY_SOCKET": str(systemd.path),
        "WATCHDOG_USEC": "60000",  # heartbeat every 20 ms
        "KIOSK_RESTART_REQUEST_FILE": str(request),
    }
    _notifier, heartbeat = install_supervision(
        lambda: idle[0], lambda: restarts.append(True), env=env
    )
    assert heartbeat is not None
    qtbot.waitUntil(lambda: any("READY=1" in m for m in systemd.messages), timeout=10_000)

    request.touch()  # the nightly timer asks, mid-journey
    seen = systemd.beats()
    qtbot.waitUntil(lambda: systemd.beats() >= seen + 3, timeout=10_000)
    assert restarts == [] and request.exists(), "a journey in progress must not be cut off"
    idle[0] = True  # the resident is done: attract screen
    qtbot.waitUntil(lambda: restarts == [True], timeout=10_000)
    assert not request.exists()
    assert any("STOPPING=1" in m for m in systemd.messages)
    heartbeat.stop()


def test_no_systemd_no_messages_and_intervals() -> None:
    assert not SdNotify("").notify("READY=1")
    assert watchdog_interval({"WATCHDOG_USEC": "30000000"}) == pytest.approx(10.0)
    assert watchdog_interval({}) is None
    assert RestartRequest.from_env({"RUNTIME_DIRECTORY": "/run/zizhu-kiosk"}).path == Path(  # type: ignore[union-attr]
        "/run/zizhu-kiosk/restart-requested"
    )
