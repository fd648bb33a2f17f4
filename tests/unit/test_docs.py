"""docs/ARCHITECTURE.md shows the journeys' transition tables as the code has them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from statemachine import StateMachine

from flows.collection_machine import CollectionMachine
from flows.declaration_machine import DeclarationMachine
from flows.lookup_machine import LookupMachine
from flows.staff_machine import StaffMachine

DOC = Path(__file__).resolve().parents[2] / "docs" / "ARCHITECTURE.md"


@pytest.mark.parametrize(
    "machine", [DeclarationMachine, CollectionMachine, LookupMachine, StaffMachine]
)
def test_transition_table_in_the_docs_matches_the_machine(machine: type[StateMachine]) -> None:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(
        rf"<!-- generated: {machine.__name__} -->\n(.*?)\n<!-- end -->", text, re.DOTALL
    )
    assert block, f"no generated table for {machine.__name__} in {DOC.name}"
    expected = format(machine, "md").strip()
    assert block.group(1).strip() == expected, (
        f"regenerate with: python -c 'from {machine.__module__} import {machine.__name__} as M; "
        'print(format(M, "md"))\''
    )
