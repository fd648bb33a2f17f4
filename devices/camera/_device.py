"""The open/close life cycle and the frame sources the camera adapters share, on the
status and listener base of every adapter."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from device_contracts import DeviceState, DeviceStatus, Text
from devices._device_status import NOT_OPEN_STATUS, ReportingDevice
from devices.camera.sources import Frame, FrameSource, SourceError
from devices.next_uses import NextUses

log = logging.getLogger(__name__)

NO_CAMERA = Text(
    "摄像头未连接，请联系工作人员", "The camera is not connected, please ask staff for help"
)


class CameraDevice(ReportingDevice):
    """A camera adapter's plumbing: the source is opened per operation, one at a time.

    The camera is opened for each command and released after it, so a USB camera
    unplugged between commands only fails the next command (DEVICE_NOT_READY),
    and the preview frame (:meth:`latest_frame`) is the last one that command read.
    """

    driver = "opencv"

    def __init__(self, name: str, source_factory: Callable[[], FrameSource]) -> None:
        super().__init__(name)
        self._source_factory = source_factory
        self._lock = threading.Lock()
        self._busy = threading.Lock()  # one command at a time owns the camera
        self._opened = False
        self._fault = ""
        self._latest: Frame | None = None
        self._next_source: NextUses[Callable[[], FrameSource]] = NextUses()
        self._override: Callable[[], FrameSource] | None = None

    # Device protocol ------------------------------------------------------------
    def open(self) -> None:
        try:
            source = self._source_factory()
            source.open()
            source.close()
            fault = ""
        except (SourceError, OSError, ValueError) as exc:
            log.warning("camera did not open", extra={"device": self.name, "error": str(exc)})
            fault = type(exc).__name__
        with self._lock:
            self._opened = True
            self._fault = fault
        self._refresh_status()

    def close(self) -> None:
        with self._lock:
            self._opened = False
            self._latest = None
        self._refresh_status()

    def status(self) -> DeviceStatus:
        with self._lock:
            return self._compute()

    def capabilities(self) -> Mapping[str, object]:
        return {"driver": self.driver}

    # simulation -------------------------------------------------------------------
    def use_source_once(self, factory: Callable[[], FrameSource], *, times: int = 1) -> None:
        """The next command (the next ``times`` commands) reads from ``factory``'s source
        instead (demos and tests: e.g. a photo held up to the face camera); later commands
        use the configured one."""
        with self._lock:
            self._next_source.set(factory, times)

    def use_source(self, factory: Callable[[], FrameSource] | None) -> None:
        """Every command from now on reads from ``factory``'s source (None: the configured
        one again): a simulated plate the tour lays pages on, across the many commands
        of a live capture."""
        with self._lock:
            self._override = factory

    def _make_source(self) -> FrameSource:
        with self._lock:
            factory = self._next_source.take()
            override = self._override
        return (factory or override or self._source_factory)()

    # preview ----------------------------------------------------------------------
    def latest_frame(self) -> Frame | None:
        """The newest frame a running command read (for the on-screen preview)."""
        with self._lock:
            return self._latest

    # helpers ----------------------------------------------------------------------
    def _compute(self) -> DeviceStatus:
        if not self._opened:
            return NOT_OPEN_STATUS
        if self._fault:
            return DeviceStatus(DeviceState.OFFLINE, self._fault, NO_CAMERA)
        if self._busy.locked():
            return DeviceStatus(DeviceState.BUSY)
        return DeviceStatus(DeviceState.ONLINE)

    def _set_fault(self, fault: str) -> None:
        with self._lock:
            self._fault = fault
        self._refresh_status()

    def _show(self, frame: Frame | None) -> None:
        with self._lock:
            self._latest = frame

    @property
    def _is_open(self) -> bool:
        with self._lock:
            return self._opened
