"""The help desk's platform calls run on short-lived threads. At shutdown (the kiosk
closing, or a test ending) a call still under way must finish before the platform port
it uses is closed, and nothing may start after: otherwise the thread works on a closed
outbox ("Cannot operate on a closed database") and logs into a closed stream."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from flows.help import HelpAnswer, HelpRequest, HelpState, StaffHours
from kiosk.help_desk import HelpDesk

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

DAY = datetime(2026, 12, 7, 10, 0, tzinfo=timezone(timedelta(hours=8)))


class SlowPort:
    """A help port whose call waits until the test lets it go, and which refuses
    (as a closed outbox does) any call after it was closed."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.closed = False
        self.after_close: list[str] = []

    def request_help(self, request: HelpRequest) -> HelpAnswer:
        self.entered.set()
        self.release.wait(10)
        if self.closed:
            self.after_close.append("request_help")
        return HelpAnswer(request.call_id, HelpState.OPEN)

    def help_answer(self, call_id: str) -> HelpAnswer:
        if self.closed:
            self.after_close.append("help_answer")
        return HelpAnswer(call_id, HelpState.OPEN)


def test_close_waits_for_the_call_under_way_and_starts_no_other(qtbot: QtBot) -> None:
    port = SlowPort()
    desk = HelpDesk(port, StaffHours.parse("08:00-20:00"), clock=lambda: DAY, poll_ms=10)
    desk.call("declare.form")
    assert port.entered.wait(10), "the call never reached the port"
    # the call is under way when the kiosk shuts down: close lets it finish first
    threading.Timer(0.2, port.release.set).start()
    desk.shut_down()
    port.closed = True
    qtbot.wait(200)  # polls every 10 ms while open: none may ask after close
    assert port.after_close == []
    assert not [t for t in threading.enumerate() if t.name == "help-call" and t.is_alive()]
