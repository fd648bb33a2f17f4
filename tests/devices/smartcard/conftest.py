"""A private pcscd + vpcd for the session, a fresh virtual staff card per test.

The daemon is started once (a few hundred ms) and stopped by its PID at the end
of the session, also when tests fail; a test that stops or restarts it leaves
it running again for the next one. ``PCSCLITE_CSOCK_NAME`` is set before the
first PC/SC call of the process: pcsc-lite reads it once and keeps it.
"""

from __future__ import annotations

import atexit
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from device_contracts import DeviceEvent, DeviceState
from devices.smartcard.virtual_card import StaffCardApplet, VirtualCard
from tests.devices.smartcard.pcscd_harness import PrivatePcscd, unavailable_reason


@pytest.fixture(scope="session")
def pcscd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivatePcscd]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"no private pcscd: {reason}")
    daemon = PrivatePcscd(tmp_path_factory.mktemp("pcscd"))
    previous = os.environ.get("PCSCLITE_CSOCK_NAME")
    os.environ["PCSCLITE_CSOCK_NAME"] = str(daemon.socket_path)
    atexit.register(daemon.stop)  # even if the session is interrupted
    try:
        daemon.start()
        _check_this_process_uses(daemon)
        yield daemon
    finally:
        daemon.stop()
        if previous is None:
            os.environ.pop("PCSCLITE_CSOCK_NAME", None)
        else:
            os.environ["PCSCLITE_CSOCK_NAME"] = previous


def _check_this_process_uses(daemon: PrivatePcscd) -> None:
    from devices.smartcard.errors import SmartCardError
    from devices.smartcard.pcsc import Context

    deadline = time.monotonic() + 3
    readers: list[str] = []
    while time.monotonic() < deadline:
        try:
            with Context() as ctx:
                readers = ctx.readers()
        except SmartCardError:
            readers = []
        if any("kiosk-test" in r for r in readers):
            return
        time.sleep(0.05)
    raise RuntimeError(
        "this process's PC/SC client does not see the private pcscd (pcsc-lite reads "
        "PCSCLITE_CSOCK_NAME once; did an earlier test make a PC/SC call?)"
    )


@pytest.fixture
def daemon(pcscd: PrivatePcscd) -> Iterator[PrivatePcscd]:
    """The session's pcscd, running with its reader; put back that way after the test."""
    if pcscd.pid is None:
        pcscd.start()
    yield pcscd
    if pcscd.pid is None or not (pcscd.conf_dir / "vpcd").exists():
        pcscd.restart()


@pytest.fixture
def card(daemon: PrivatePcscd) -> Iterator[VirtualCard]:
    """A virtual staff card (not yet inserted) for the session's vpcd reader."""
    virtual = VirtualCard(StaffCardApplet(), port=daemon.port, connect=daemon.connect)
    yield virtual
    virtual.remove()
    if daemon.pid is not None:
        wait_reader_empty()


def wait_reader_empty(timeout: float = 3.0) -> None:
    """Until pcscd reports no card in the vpcd reader (vpcd notices a closed socket on its
    next presence poll, up to ~0.4 s later), so the next test starts with an empty reader."""
    from devices.smartcard.errors import SmartCardError
    from devices.smartcard.pcsc import STATE_UNAWARE, Context

    deadline = time.monotonic() + timeout
    try:
        with Context() as ctx:
            readers = [r for r in ctx.readers() if "kiosk-test" in r]
            if not readers:
                return
            known = STATE_UNAWARE
            while time.monotonic() < deadline:
                states = ctx.wait_change([(sorted(readers)[0], known)], 0.2)
                if states is None:
                    continue
                if not states[0].present:
                    return
                known = states[0].known
    except SmartCardError:
        return


class Events:
    """Collects a device's events; :meth:`wait_for` polls for one of a type."""

    def __init__(self) -> None:
        self.seen: list[DeviceEvent] = []

    def __call__(self, event: DeviceEvent) -> None:
        self.seen.append(event)

    def count(self, kind: type[DeviceEvent]) -> int:
        return sum(isinstance(e, kind) for e in self.seen)

    def wait_for(self, kind: type[DeviceEvent], n: int = 1, timeout: float = 3.0) -> None:
        wait_until(lambda: self.count(kind) >= n, timeout, f"{n} x {kind.__name__}")


def wait_until(check: Callable[[], bool], timeout: float = 3.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(0.02)


def wait_state(device: object, state: DeviceState, timeout: float = 4.0) -> None:
    status = getattr(device, "status")  # noqa: B009 - any Device
    wait_until(lambda: status().state is state, timeout, f"state {state.value}")


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def csock(pcscd: PrivatePcscd) -> Path:
    return pcscd.socket_path
