"""The one path of unsolicited device events into the flows.

Devices report what nobody asked for (an ID card placed on or taken off the reader,
a staff card on the PC/SC reader, a code scanned while no scan is pending, a locker
door closed, a status change) through ``Device.subscribe``, on their own threads.
Flows are not thread-safe, so nothing of theirs may run there. The kiosk builds one
:class:`DeviceEventBridge` on its flow loop and attaches every device once: each
event is posted to the loop in the order the device reported it, the bridge keeps
what the events say (each device's status, whether a card lies on each reader), and
hands the event to the journeys listening at that moment, on the loop's thread.

A journey listens from its start to its end (:class:`flows.machine_flow.MachineFlow`
subscribes when it leaves its idle state and unsubscribes when its session ends), so
an ended journey hears nothing; a new listener is told the current state at once
(each known status, each card present), as ``Device.subscribe`` does, so a card left
on the reader before the journey began is known to it.

An operation's own events (a face check's prompts) take the operation's path,
``MachineFlow._watch(..., on_event=...)``: they belong to one command, not to the
device. Audit listeners that must hear a door forced open while no journey runs
(:func:`flows.audit.audit_tamper`) subscribe to the locker bank directly.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable

from device_contracts import (
    CardInserted,
    CardRemoved,
    Device,
    DeviceEvent,
    DeviceStatus,
    StatusChanged,
    Unsubscribe,
)
from flows.ports import FlowLoop

__all__ = ["DeviceEventBridge", "EventHandler", "card_presence"]

log = logging.getLogger(__name__)

EventHandler = Callable[[DeviceEvent], None]


def card_presence(event: DeviceEvent, reader: str) -> bool | None:
    """True: a card was placed on ``reader``; False: taken off; None: another event."""
    if event.device != reader:
        return None
    if isinstance(event, CardInserted):
        return True
    if isinstance(event, CardRemoved):
        return False
    return None


class DeviceEventBridge:
    """Device threads -> the flow loop, for every unsolicited event.

    :meth:`attach` and :meth:`close` may be called from any thread; :meth:`subscribe`,
    the unsubscribe it returns, :meth:`status` and :meth:`card_present` belong to the
    loop's thread, where every handler runs.
    """

    def __init__(self, loop: FlowLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._detach: list[Unsubscribe] = []
        self._closed = False
        # loop thread only from here on
        self._handlers: list[EventHandler] = []
        self._status: dict[str, DeviceStatus] = {}
        self._present: dict[str, bool] = {}

    # ------------------------------------------------------------------ devices
    def attach(self, devices: Iterable[Device]) -> None:
        """Listen to each device, once, for as long as the bridge is open."""
        for device in devices:
            unsubscribe = device.subscribe(self._from_device)
            with self._lock:
                if not self._closed:
                    self._detach.append(unsubscribe)
                    continue
            unsubscribe()

    def close(self) -> None:
        """Stop listening to the devices; events already posted are dropped."""
        with self._lock:
            self._closed = True
            detach, self._detach = self._detach, []
        for unsubscribe in detach:
            unsubscribe()

    def _from_device(self, event: DeviceEvent) -> None:
        """On the device's thread: post, nothing else (a device must never wait on a flow)."""
        with self._lock:
            if self._closed:  # the loop may be gone (a device closed after the window)
                return
        self._loop.post(lambda: self._deliver(event))

    # ------------------------------------------------------------------ the loop's side
    def _deliver(self, event: DeviceEvent) -> None:
        with self._lock:
            if self._closed:
                return
        if isinstance(event, StatusChanged):
            self._status[event.device] = event.status
        elif isinstance(event, CardInserted | CardRemoved):
            self._present[event.device] = isinstance(event, CardInserted)
            log.debug(
                "card presence",
                extra={"device": event.device, "present": self._present[event.device]},
            )
        for handler in list(self._handlers):
            if handler in self._handlers:  # an earlier handler may have removed it
                self._call(handler, event)

    def subscribe(self, handler: EventHandler) -> Unsubscribe:
        """``handler`` gets every event from now on, on the loop's thread, and at once
        (before this returns) what is known: each device's status and a
        :class:`CardInserted` for each reader a card lies on."""
        self._handlers.append(handler)
        for device, status in list(self._status.items()):
            self._call(handler, StatusChanged(device, status))
        for device, present in list(self._present.items()):
            if present:
                self._call(handler, CardInserted(device))

        def remove() -> None:
            if handler in self._handlers:
                self._handlers.remove(handler)

        return remove

    def status(self, device: str) -> DeviceStatus | None:
        """The device's last reported status (None: it has said nothing yet)."""
        return self._status.get(device)

    def card_present(self, reader: str) -> bool | None:
        """Whether a card lies on ``reader`` (None: it has not said)."""
        return self._present.get(reader)

    @property
    def listening(self) -> int:
        """How many handlers are subscribed now (journeys under way)."""
        return len(self._handlers)

    @staticmethod
    def _call(handler: EventHandler, event: DeviceEvent) -> None:
        try:
            handler(event)
        except Exception:
            # one journey's bug must not keep an event from the others
            log.exception("device event handler failed", extra={"device": event.device})
