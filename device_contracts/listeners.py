"""Who hears a device's events: the listener type and a thread-safe set of them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

from device_contracts.events import DeviceEvent

log = logging.getLogger(__name__)

T = TypeVar("T")

Listener = Callable[[DeviceEvent], None]
Unsubscribe = Callable[[], None]


def call_safely(fn: Callable[[T], None], arg: T) -> None:
    try:
        fn(arg)
    except Exception:
        log.exception("listener failed")


class ListenerSet:
    """Thread-safe listener registry with a no-op default (habit 6)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def add(self, fn: Listener) -> Unsubscribe:
        with self._lock:
            self._listeners.append(fn)

        def remove() -> None:
            with self._lock:
                if fn in self._listeners:
                    self._listeners.remove(fn)

        return remove

    def emit(self, event: DeviceEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            call_safely(fn, event)
