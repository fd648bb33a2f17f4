"""The simulated face check fails in the camera verifier's words (devices/face_prompts.py)."""

from __future__ import annotations

from device_contracts import CompletionCode
from devices.face_prompts import NO_REFERENCE
from devices.sim import SimFaceVerifier
from tests.devices.conftest import DONE_S


def test_the_simulated_check_without_a_reference_says_the_verifiers_words() -> None:
    strict = SimFaceVerifier(delay=0.01, require_reference=True)
    strict.open()
    try:
        completion = strict.verify(None, timeout=2).result(DONE_S)
    finally:
        strict.close()
    assert (completion.code, completion.text) == (CompletionCode.INVALID_DATA, NO_REFERENCE)
