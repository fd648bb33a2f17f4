"""The wire's case vocabulary and the flows' are written apart (the flows know nothing
of the wire); they must stay the same words, or the client would send what the
platform refuses."""

from __future__ import annotations

import enum

import pytest

from flows import domain
from platform_contract import vocabulary


@pytest.mark.parametrize("name", ["CaseEventKind", "CaseStatusKind"])
def test_the_wire_and_the_flows_use_the_same_words(name: str) -> None:
    wire: type[enum.StrEnum] = getattr(vocabulary, name)
    ours: type[enum.StrEnum] = getattr(domain, name)
    assert {m.name: m.value for m in wire} == {m.name: m.value for m in ours}
