"""Status and listener plumbing shared by the real (wire-protocol) adapters.

Simulated adapters have :class:`devices.sim._common.SimDevice`; real adapters
only need the part that tells listeners about status changes in order and
sends unsolicited events, so it lives here on its own.
"""

from __future__ import annotations

import logging
import threading

from devices.base import (
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


class StatusBoard:
    """The current status of one adapter plus its listeners."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._order = threading.Lock()
        self._listeners = ListenerSet()
        self._status = DeviceStatus(DeviceState.OFFLINE, "not open", NOT_OPEN)

    @property
    def current(self) -> DeviceStatus:
        with self._lock:
            return self._status

    def set(self, status: DeviceStatus) -> None:
        """Record ``status``; listeners hear about it only when it changed."""
        with self._order:
            with self._lock:
                if status == self._status:
                    return
                self._status = status
            log.info(
                "device status",
                extra={"device": self.name, "state": status.state.value, "detail": status.detail},
            )
            self._listeners.emit(StatusChanged(self.name, status))

    def subscribe(self, listener: Listener) -> Unsubscribe:
        remove = self._listeners.add(listener)
        try:
            listener(StatusChanged(self.name, self.current))
        except Exception:
            log.exception("listener failed", extra={"device": self.name})
        return remove

    def emit(self, event: DeviceEvent) -> None:
        self._listeners.emit(event)
