"""呼叫工作人员 on the kiosk: the call goes to the platform through the outbox, and
the kiosk shows what is true about it (issue 19 item 1).

:class:`HelpDesk` lives on the GUI thread; each platform call runs on a short-lived
worker thread and its answer comes back through a queued signal. While a call is
open (or still in the outbox) the desk asks the platform for it every
``poll_ms``, until a clerk acknowledges it: the screen then shows the wait they gave.

Outside the site's staff hours nobody would come: no call is made, the screen says
so and offers a callback request (the resident's mobile number, sent through the
outbox like a call, sealed there and purged once the platform has it).
"""

from __future__ import annotations

import enum
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from device_contracts import Text
from flows.help import PHONE, HelpAnswer, HelpKind, HelpPort, HelpRequest, HelpState, StaffHours
from flows.ports import PlatformError, PlatformUnavailable

log = logging.getLogger(__name__)


class HelpView(enum.StrEnum):
    """What the help panel shows."""

    CLOSED = "closed"
    CALLING = "calling"  # the first attempt is on its way
    OPEN = "open"  # the platform has it; not yet acknowledged
    QUEUED = "queued"  # kept in the outbox: the platform is away
    ACKNOWLEDGED = "acknowledged"  # a clerk is coming (wait_minutes)
    OFF_DUTY = "off_duty"  # no one on duty: the callback is offered
    PHONE = "phone"  # the resident types the number
    CALLBACK_SENT = "callback_sent"
    CALLBACK_QUEUED = "callback_queued"
    REFUSED = "refused"  # the platform said no (reason)


@dataclass(frozen=True)
class HelpMetrics:
    """Where the desk reports (kiosk.metrics.KioskMetrics.help_* fit)."""

    called: Callable[[str], None]  # the outcome: sent, queued, off_duty, callback, refused
    acknowledged: Callable[[float], None]  # seconds from the press to the answer shown


def _no_metrics() -> HelpMetrics:
    return HelpMetrics(lambda _outcome: None, lambda _seconds: None)


class HelpDesk(QObject):
    changed = Signal()
    _answered = Signal(object, object)  # (call_id, HelpAnswer | PlatformError)

    def __init__(
        self,
        port: HelpPort,
        hours: StaffHours,
        *,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
        metrics: HelpMetrics | None = None,
        poll_ms: int = 3000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._port = port
        self.hours = hours
        self._clock = clock
        self._metrics = metrics or _no_metrics()
        self.view = HelpView.CLOSED
        self.wait_minutes: int | None = None
        self.reason: Text | None = None
        self.phone = ""  # the callback's number, while the panel shows it
        self._call_id: str | None = None
        self._pressed_at = 0.0
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self._ask)
        self._asking = False
        self._reopening = False
        self._last_view = HelpView.CLOSED
        self._kind = HelpKind.ATTEND
        self._answered.connect(self._on_answer)
        #: the calls under way, each on its own thread; ``shut_down`` waits for them
        self._workers: set[threading.Thread] = set()
        self._closed = False

    # ------------------------------------------------------------------ the resident
    def call(self, step: str) -> None:
        """呼叫工作人员 pressed on the screen ``step``. A call already made is shown,
        not made again."""
        if self._call_id is not None and self.view is not HelpView.CLOSED:
            return
        if self._call_id is not None and self.view is HelpView.CLOSED:
            self._reopening = True  # the panel was closed; the call still stands
            self._set(self._last_view)
            self._reopening = False
            return
        if not self.on_duty():
            self._metrics.called("off_duty")
            log.info("help asked outside staff hours", extra={"step": step})
            self.view = self._last_view = HelpView.OFF_DUTY
            self.changed.emit()
            return
        self._send(HelpKind.ATTEND, step, "")

    def on_duty(self) -> bool:
        """Staff answer calls now (the site's hours): during them 呼叫工作人员 may be
        a video call (kiosk/presenters/video_call.py)."""
        return self.hours.on_duty(self._clock())

    def ask_callback(self) -> None:
        self.reason = None
        self.view = self._last_view = HelpView.PHONE
        self.changed.emit()

    def submit_phone(self, phone: str, step: str = "help") -> bool:
        """The callback's number; False (and the panel says why) when it is not one."""
        if not PHONE.match(phone):
            self.reason = Text("", "")  # the panel shows the phone_invalid line
            self.changed.emit()
            return False
        self.reason = None
        self.phone = phone
        self._send(HelpKind.CALLBACK, step, phone)
        return True

    def close(self) -> None:
        """The panel is closed; a call still waiting keeps being followed."""
        if self.view is not HelpView.CLOSED:
            self._last_view = self.view
        if self._call_id is None or self.view in (
            HelpView.CALLBACK_SENT,
            HelpView.CALLBACK_QUEUED,
            HelpView.REFUSED,
        ):
            self.reset()
            return
        self.view = HelpView.CLOSED
        self.changed.emit()

    def reset(self) -> None:
        """The next resident: no call is followed any more (the clerk's list keeps it)."""
        self._poll.stop()
        self._call_id = None
        self.view = HelpView.CLOSED
        self.wait_minutes = None
        self.reason = None
        self.phone = ""
        self.changed.emit()

    # ------------------------------------------------------------------ the platform
    def _send(self, kind: HelpKind, step: str, phone: str) -> None:
        call_id = uuid.uuid4().hex
        self._call_id = call_id
        self._kind = kind
        self._pressed_at = time.monotonic()
        self._reopening = True
        request = HelpRequest(call_id, kind, step, self._clock(), phone)
        log.info("help called", extra={"call_id": call_id, "kind": kind.value, "step": step})
        self._set(HelpView.CALLING)
        self._reopening = False
        self._run(call_id, lambda: self._port.request_help(request))

    def _ask(self) -> None:
        call_id = self._call_id
        if call_id is None or self._asking:
            return
        self._run(call_id, lambda: self._port.help_answer(call_id))

    def _run(self, call_id: str, fn: Callable[[], HelpAnswer]) -> None:
        if self._closed:
            return
        self._asking = True

        def work() -> None:
            try:
                result: HelpAnswer | PlatformError = fn()
            except PlatformError as exc:
                result = exc
            except Exception:  # a bug must not leave the panel saying "calling" forever
                log.exception("help call failed")
                result = PlatformUnavailable(Text("", ""), "help call crashed")
            finally:
                self._workers.discard(threading.current_thread())
            self._answered.emit(call_id, result)

        worker = threading.Thread(target=work, name="help-call", daemon=True)
        self._workers.add(worker)
        worker.start()

    def shut_down(self, timeout: float = 10.0) -> None:
        """At shutdown, before the platform port closes: no poll and no call from now
        on, and a call under way finishes first (a call stored in the outbox is sent by
        the forwarder on the next start, so nothing the resident asked for is lost)."""
        self._closed = True
        self._poll.stop()
        for worker in list(self._workers):
            worker.join(timeout)

    def _on_answer(self, call_id: object, result: object) -> None:
        self._asking = False
        if call_id != self._call_id:
            return  # an answer for a call no one follows any more
        first = self._last_view is HelpView.CALLING
        if isinstance(result, PlatformUnavailable):
            if first:  # cannot happen with the outbox, but say the truth if it does
                self._outcome("queued")
                self._show(HelpState.QUEUED, None)
            return  # keep showing what was last true; the next poll asks again
        if isinstance(result, PlatformError):
            self._outcome("refused")
            self.reason = result.message
            self._poll.stop()
            self._set(HelpView.REFUSED)
            return
        assert isinstance(result, HelpAnswer)
        if first:
            self._outcome("queued" if result.state is HelpState.QUEUED else "sent")
        self._show(result.state, result.wait_minutes)

    def _outcome(self, outcome: str) -> None:
        self._metrics.called("callback" if self._kind is HelpKind.CALLBACK else outcome)

    def _show(self, state: HelpState, wait: int | None) -> None:
        if self._kind is HelpKind.CALLBACK:
            # a callback is answered by a phone call, later: nothing to follow here
            self._poll.stop()
            self._set(
                HelpView.CALLBACK_QUEUED if state is HelpState.QUEUED else HelpView.CALLBACK_SENT
            )
            return
        if state is HelpState.ACKNOWLEDGED:
            self._poll.stop()
            if self.view is not HelpView.ACKNOWLEDGED:
                self._metrics.acknowledged(time.monotonic() - self._pressed_at)
                log.info("help call acknowledged", extra={"call_id": self._call_id, "wait": wait})
            self.wait_minutes = wait
            self._set(HelpView.ACKNOWLEDGED)
            return
        self._poll.start()
        self._set(HelpView.QUEUED if state is HelpState.QUEUED else HelpView.OPEN)

    def _set(self, view: HelpView) -> None:
        self._last_view = view
        # a closed panel stays closed while nothing new is said; an acknowledgement
        # opens it again (the resident may have walked off to sit down)
        if (
            self.view is HelpView.CLOSED
            and self._call_id is not None
            and view is not HelpView.ACKNOWLEDGED
            and not self._reopening
        ):
            return
        self.view = view
        self.changed.emit()

    @property
    def following(self) -> bool:
        """A call is open and being asked after."""
        return self._poll.isActive()
