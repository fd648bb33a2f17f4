"""The simulated locker bank says what the real adapter says (devices/lockers/messages.py)."""

from __future__ import annotations

from device_contracts import CompletionCode
from devices.lockers.messages import JAMMED, NO_COMPARTMENT
from devices.sim import SimLockerBank
from tests.devices.conftest import DONE_S


def test_the_simulated_bank_fails_in_the_adapters_words(lockers: SimLockerBank) -> None:
    lockers.jam("A01")
    jammed = lockers.open_door("A01", timeout=0.2).result(DONE_S)
    assert (jammed.code, jammed.text) == (CompletionCode.HARDWARE_ERROR, JAMMED)
    unknown = lockers.open_door("Z99", timeout=1).result(DONE_S)
    assert (unknown.code, unknown.text) == (CompletionCode.INVALID_DATA, NO_COMPARTMENT)
