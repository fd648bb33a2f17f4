"""The /sim routes play the payer and the faults: a caller from another machine must not
reach them, while the gateway itself answers anyone."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from payment_gateway_sim.embedded import start_in_thread


def _this_machines_address() -> str | None:
    """An address of this machine that is not loopback (UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed, never answered
        except OSError:
            return None
        address: str = probe.getsockname()[0]
    return None if address.startswith("127.") else address


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_control_routes_refuse_a_caller_from_another_address(tmp_path: Path) -> None:
    address = _this_machines_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    gateway = start_in_thread(tmp_path / "keys", host="0.0.0.0")
    try:
        from_outside = f"http://{address}:{gateway.port}"
        from_inside = f"http://127.0.0.1:{gateway.port}"
        assert _status(f"{from_outside}/sim/trades/K-door") == 403
        assert _status(f"{from_inside}/sim/trades/K-door") == 404  # in, and no such trade
        assert _status(f"{from_outside}/health") == 200
    finally:
        gateway.stop()
