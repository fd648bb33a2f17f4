"""Fixtures for the simulated adapters: opened devices with short delays, event recording."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import TypeVar

import pytest

from device_contracts import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    DeviceEvent,
    Image,
)
from devices.sim import (
    SimDocumentCamera,
    SimFaceVerifier,
    SimIdCardReader,
    SimLockerBank,
    SimQrScanner,
    SimReceiptPrinter,
)

E = TypeVar("E", bound=DeviceEvent)

#: generous bound for "it completes": a broken sim fails fast, a slow CI box still passes
DONE_S = 3.0


class Recorder:
    """A listener that keeps every event and lets a test wait for one."""

    def __init__(self) -> None:
        self.events: list[DeviceEvent] = []
        self._changed = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    def of(self, kind: type[E]) -> list[E]:
        with self._changed:
            return [e for e in self.events if isinstance(e, kind)]

    def wait_for(self, kind: type[E], timeout: float = DONE_S) -> E:
        end = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [e for e in self.events if isinstance(e, kind)]
                if found:
                    return found[-1]
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no {kind.__name__} event within {timeout}s")
                self._changed.wait(remaining)


def tiny_page(tag: int = 0) -> Image:
    """A stand-in page so camera tests do not render the full samples."""
    return Image(bytes([tag]) * 8, "image/png", 4, 2)


def compartments() -> list[Compartment]:
    return [
        Compartment("A01", 1, 1, CompartmentSize.S, CompartmentRole.DROP),
        Compartment("A02", 1, 2, CompartmentSize.M, CompartmentRole.DROP),
        Compartment("B01", 2, 1, CompartmentSize.L, CompartmentRole.PICKUP),
    ]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def reader() -> Iterator[SimIdCardReader]:
    device = SimIdCardReader(read_delay=0.02)
    device.open()
    yield device
    device.close()


@pytest.fixture
def camera() -> Iterator[SimDocumentCamera]:
    device = SimDocumentCamera(pages=[tiny_page(0), tiny_page(1)], capture_delay=0.02)
    device.open()
    yield device
    device.close()


@pytest.fixture
def face() -> Iterator[SimFaceVerifier]:
    device = SimFaceVerifier(delay=0.15)
    device.open()
    yield device
    device.close()


@pytest.fixture
def printer() -> Iterator[SimReceiptPrinter]:
    device = SimReceiptPrinter(print_delay=0.02)
    device.open()
    yield device
    device.close()


@pytest.fixture
def lockers() -> Iterator[SimLockerBank]:
    device = SimLockerBank(compartments(), open_delay=0.02)
    device.open()
    yield device
    device.close()


@pytest.fixture
def scanner() -> Iterator[SimQrScanner]:
    device = SimQrScanner()
    device.open()
    yield device
    device.close()
