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


def test_the_cli_offers_every_tour_journey() -> None:
    """``kiosk demo --journey`` lists the journeys without importing Qt; the list must
    match what kiosk/tour_journeys.py can run, and the README must name them all."""
    from kiosk.cli import TOUR_JOURNEYS
    from kiosk.tour_journeys import JOURNEYS

    assert TOUR_JOURNEYS == JOURNEYS
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    line = next(x for x in readme.splitlines() if "--journey NAME" in x)
    assert all(f"`{j}`" in line for j in JOURNEYS), line
