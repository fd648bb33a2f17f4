"""The wire's case vocabulary and the flows' are written apart (the flows know nothing
of the wire); they must stay the same words, or the client would send what the
platform refuses."""

from __future__ import annotations

import enum
import typing

import pytest

from device_contracts import CompartmentSize
from flows import domain
from flows.help import HelpKind, HelpState
from platform_contract import schemas, vocabulary


@pytest.mark.parametrize("name", ["CaseEventKind", "CaseStatusKind"])
def test_the_wire_and_the_flows_use_the_same_words(name: str) -> None:
    wire: type[enum.StrEnum] = getattr(vocabulary, name)
    ours: type[enum.StrEnum] = getattr(domain, name)
    assert {m.name: m.value for m in wire} == {m.name: m.value for m in ours}


#: the wire's words spelled as Literals in the contract, and the flows' (or the device
#: contracts') enum for each; a help call's "queued" is the kiosk's own (not sent yet)
_LITERALS: list[tuple[object, type[enum.StrEnum], set[str]]] = [
    (schemas.FieldOut.model_fields["kind"].annotation, domain.FieldKind, set()),
    (schemas.DeliveryOut, domain.Delivery, set()),
    (schemas.MatterOut.model_fields["drop_size"].annotation, CompartmentSize, set()),
    (schemas.IdentityCheckIn.model_fields["method"].annotation, domain.IdentityMethod, set()),
    (schemas.HelpCallIn.model_fields["kind"].annotation, HelpKind, set()),
    (schemas.HelpCallOut.model_fields["state"].annotation, HelpState, {HelpState.QUEUED}),
]


@pytest.mark.parametrize(("wire", "ours", "kiosk_only"), _LITERALS)
def test_the_contracts_literals_are_the_flows_words(
    wire: object, ours: type[enum.StrEnum], kiosk_only: set[str]
) -> None:
    assert set(typing.get_args(wire)) == {m.value for m in ours} - kiosk_only
