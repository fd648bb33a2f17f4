"""QtFlowLoop runs what is posted, and its timers, on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.bridge import QtFlowLoop

pytestmark = pytest.mark.ui


def gui_thread() -> QThread:
    app = QApplication.instance()
    assert app is not None
    return app.thread()


def test_post_from_a_worker_thread_runs_on_the_gui_thread(qtbot: QtBot) -> None:
    loop = QtFlowLoop()
    ran_on: list[QThread] = []
    done = threading.Event()

    def worker() -> None:
        loop.post(lambda: ran_on.append(QThread.currentThread()))
        done.set()

    threading.Thread(target=worker).start()
    assert done.wait(2)
    qtbot.waitUntil(lambda: bool(ran_on), timeout=2000)
    assert ran_on == [gui_thread()]


def test_post_never_runs_inline(qtbot: QtBot) -> None:
    loop = QtFlowLoop()
    calls: list[int] = []
    loop.post(lambda: calls.append(1))
    assert calls == []  # queued, even from the GUI thread
    qtbot.waitUntil(lambda: calls == [1], timeout=1000)


def test_a_failing_callable_does_not_stop_the_loop(qtbot: QtBot) -> None:
    loop = QtFlowLoop()
    calls: list[str] = []

    def boom() -> None:
        raise RuntimeError("flow bug")

    loop.post(boom)
    loop.post(lambda: calls.append("after"))
    qtbot.waitUntil(lambda: calls == ["after"], timeout=1000)


def test_call_later_fires_once_and_cancel_stops_it(qtbot: QtBot) -> None:
    loop = QtFlowLoop()
    fired: list[str] = []
    loop.call_later(0.05, lambda: fired.append("a"))
    cancelled = loop.call_later(0.05, lambda: fired.append("b"))
    cancelled.cancel()
    qtbot.waitUntil(lambda: fired == ["a"], timeout=1000)
    qtbot.wait(150)
    assert fired == ["a"]


def test_call_later_from_a_worker_thread(qtbot: QtBot) -> None:
    loop = QtFlowLoop()
    ran_on: list[QThread] = []
    threading.Thread(
        target=lambda: loop.call_later(0.01, lambda: ran_on.append(QThread.currentThread()))
    ).start()
    qtbot.waitUntil(lambda: bool(ran_on), timeout=2000)
    assert ran_on == [gui_thread()]
