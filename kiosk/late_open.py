"""Devices the kiosk opens after the attract screen's first paint, not before it.

Opening a camera adapter probes its source: for the demo's face camera that
loads the face models (in the vision helper process since, never in this one:
ADR 0007) and synthesises the simulated person's feed (1.4 s of the 3.0 s cold
start, issue 18), for a real one it opens the V4L2 device. Opening the printer
imports python-escpos and connects to it. Nobody needs any of that before the
attract screen shows, so the composition root builds such a device inside a
:class:`LateOpen` and opens it on the warm-up thread once the window has been
painted (kiosk/app.py, :func:`opened_after_first_paint`).

Until then the device's status is BUSY, "warming up": operational, as a command
of its kind (``verify``, ``capture_page``: the methods of its protocol in
device_contracts/interfaces.py) sent meanwhile still works -- it waits for the open, or does it
itself when no warm-up ran. Everything else (capabilities, the simulators'
controls, the preview) passes straight through, as in ``kiosk.metrics``'s
instrumented devices, and never opens the device.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

import device_contracts as base

log = logging.getLogger(__name__)

WARMING_UP_DETAIL = "warming up"
WARMING_UP = base.Text("设备正在准备，请稍候", "The device is warming up, please wait")
WARMING_UP_STATUS = base.DeviceStatus(base.DeviceState.BUSY, WARMING_UP_DETAIL, WARMING_UP)

#: the commands of every device kind (their protocols' own methods): these wait for the open
COMMANDS = frozenset(
    name
    for protocol in (
        base.IdCardReader,
        base.DocumentCamera,
        base.FaceVerifier,
        base.ReceiptPrinter,
        base.LockerBank,
        base.QrScanner,
        base.StaffCardReader,
    )
    for name, value in vars(protocol).items()
    if not name.startswith("_") and callable(value)
)


def opened_after_first_paint(sections: Mapping[str, Mapping[str, object]]) -> tuple[str, ...]:
    """The device kinds the kiosk opens after the first paint: the cameras of the vision
    drivers (a probe of the source; the demo's face loads the face models, in the
    vision helper) and the printer (the python-escpos import, and a TCP connect that
    waits out ``timeout_s`` when a network printer is switched off). Nothing on the attract screen needs them."""
    from kiosk.vision_wiring import vision_devices

    return ("printer", *vision_devices(sections))  # the printer first: its open is quick


class LateOpen:
    """A device whose ``open`` is deferred to :meth:`open_now` (the warm-up thread).

    ``open`` does nothing; ``close`` closes the device if it was opened. A command
    (:data:`COMMANDS`) opens it first, waiting for a warm-up that is opening it now."""

    def __init__(self, device: base.Device) -> None:
        self._device = device
        self.name = device.name
        # held for the whole open: a command arriving meanwhile waits for it
        self._opening = threading.Lock()
        self._opened = threading.Event()
        self._closed = False
        self._listeners = base.ListenerSet()

    @property
    def device(self) -> base.Device:
        return self._device

    @property
    def opened(self) -> bool:
        return self._opened.is_set()

    # Device protocol --------------------------------------------------------------
    def open(self) -> None:
        """Nothing yet: :meth:`open_now` opens the device once the window is up."""

    def open_now(self) -> None:
        """Open the device (once; later calls return at once, or wait for the first)."""
        with self._opening:
            if self._opened.is_set() or self._closed:
                return
            started = time.perf_counter()
            self._device.open()
            self._opened.set()
        log.info(
            "device opened after the first paint",
            extra={"device": self.name, "seconds": round(time.perf_counter() - started, 3)},
        )
        # the device's own status changes during its open were held back (it was
        # "warming up"); its status now is the news
        self._listeners.emit(base.StatusChanged(self.name, self._device.status()))

    def close(self) -> None:
        with self._opening:
            self._closed = True
            opened = self._opened.is_set()
        if opened:
            self._device.close()

    def status(self) -> base.DeviceStatus:
        return self._device.status() if self._opened.is_set() else WARMING_UP_STATUS

    def capabilities(self) -> Any:
        return self._device.capabilities()

    def subscribe(self, listener: base.Listener) -> base.Unsubscribe:
        remove_own = self._listeners.add(listener)

        def relay(event: base.DeviceEvent) -> None:
            # before the open, the device's own "not open" is not news: it is warming up
            if isinstance(event, base.StatusChanged) and not self._opened.is_set():
                return
            listener(event)

        remove_relay = self._device.subscribe(relay)
        if not self._opened.is_set():
            listener(base.StatusChanged(self.name, WARMING_UP_STATUS))

        def remove() -> None:
            remove_own()
            remove_relay()

        return remove

    # everything else -----------------------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._device, name)
        if name not in COMMANDS or not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            self.open_now()
            return attr(*args, **kwargs)

        return call

    def __repr__(self) -> str:
        return f"LateOpen({self._device!r}, opened={self.opened})"
