"""The status and listener base every adapter stands on, real or simulated.

An adapter reports two things to whoever subscribed: its status when it changes
(in the order the changes happened, never BUSY after the ONLINE that followed
it) and unsolicited events (card inserted, door opened). A new listener is told
the current status at once. :class:`StatusBoard` does that bookkeeping, and
:class:`ReportingDevice` gives an adapter its ``status`` and ``subscribe`` from
it. Adapters report status in one of two ways: told by the hardware
(``_set_status``: the printer answered "paper out"), or worked out from their
own state (override ``status`` and call ``_refresh_status`` after a change).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from device_contracts import (
    DeviceEvent,
    DeviceState,
    DeviceStatus,
    Listener,
    ListenerSet,
    StatusChanged,
    Text,
    Unsubscribe,
)

log = logging.getLogger(__name__)

NOT_OPEN = Text(
    "设备未启动，请联系工作人员", "The device has not been started, please ask staff for help"
)
#: every adapter's status before ``open`` and after ``close``
NOT_OPEN_STATUS = DeviceStatus(DeviceState.OFFLINE, "not open", NOT_OPEN)


class StatusBoard:
    """The status one adapter last reported, and its listeners."""

    def __init__(self, name: str, initial: DeviceStatus = NOT_OPEN_STATUS) -> None:
        self.name = name
        self._lock = threading.Lock()
        # held from working a status out until its listeners have heard it, so they hear
        # the changes in the order they happened; reentrant, as a listener may cause one
        self._order = threading.RLock()
        self._listeners = ListenerSet()
        self._status = initial

    @property
    def current(self) -> DeviceStatus:
        with self._lock:
            return self._status

    def set(self, status: DeviceStatus) -> None:
        """Record ``status``; listeners hear about it only when it changed."""
        with self._order:
            self._record(status)

    def refresh(self, compute: Callable[[], DeviceStatus]) -> None:
        """Record the status ``compute`` works out now (call it without holding the lock
        ``compute`` takes); listeners hear about it only when it changed."""
        with self._order:
            self._record(compute())

    def subscribe(self, listener: Listener, current: Callable[[], DeviceStatus]) -> Unsubscribe:
        """Add ``listener``, then tell it ``current()`` (the adapter's status) at once."""
        remove = self._listeners.add(listener)
        try:
            listener(StatusChanged(self.name, current()))
        except Exception:
            log.exception("listener failed", extra={"device": self.name})
        return remove

    def emit(self, event: DeviceEvent) -> None:
        self._listeners.emit(event)

    def _record(self, status: DeviceStatus) -> None:
        with self._lock:
            if status == self._status:
                return
            self._status = status
        # busy comes and goes with every command; the rest is worth a line in the log
        level = logging.DEBUG if status.state is DeviceState.BUSY else logging.INFO
        log.log(
            level,
            "device status",
            extra={"device": self.name, "state": status.state.value, "detail": status.detail},
        )
        self._listeners.emit(StatusChanged(self.name, status))


class ReportingDevice:
    """Base of the adapters: the ``name``, ``status`` and ``subscribe`` of the
    :class:`~device_contracts.Device` protocol, kept on a :class:`StatusBoard`."""

    def __init__(self, name: str, initial: DeviceStatus = NOT_OPEN_STATUS) -> None:
        self.name = name
        self._board = StatusBoard(name, initial)

    def status(self) -> DeviceStatus:
        return self._board.current

    def subscribe(self, listener: Listener) -> Unsubscribe:
        """Register for unsolicited events; the current status is sent at once."""
        return self._board.subscribe(listener, self.status)

    def _set_status(self, status: DeviceStatus) -> None:
        """The hardware told us ``status``: tell the listeners if it is news."""
        self._board.set(status)

    def _refresh_status(self) -> None:
        """For an adapter whose ``status`` works the status out from its state: tell the
        listeners if it changed. Call without holding the lock ``status`` takes."""
        self._board.refresh(self.status)

    def _tell(self, event: DeviceEvent) -> None:
        """Send an unsolicited event to every listener."""
        self._board.emit(event)
