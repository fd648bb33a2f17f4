"""The SQLite compartment ledger."""

from __future__ import annotations

from pathlib import Path

from device_contracts import Compartment, CompartmentRole, CompartmentSize
from offline_cache.ledger import SqliteLedger

S, M, L = CompartmentSize.S, CompartmentSize.M, CompartmentSize.L
DROP, PICKUP = CompartmentRole.DROP, CompartmentRole.PICKUP

BANK = [
    Compartment("A01", 1, 1, L, DROP),
    Compartment("A02", 1, 2, M, DROP),
    Compartment("A03", 1, 3, S, PICKUP),
    Compartment("A04", 1, 4, M, DROP),
    Compartment("A05", 1, 5, S, DROP),
]


def test_smallest_fitting_compartment_of_the_role(tmp_path: Path) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite3")
    assert ledger.allocate(BANK, DROP, S, "c1") == BANK[4]  # S fits S
    assert ledger.allocate(BANK, DROP, S, "c2") == BANK[1]  # no S left: first M
    assert ledger.allocate(BANK, DROP, M, "c3") == BANK[3]
    assert ledger.allocate(BANK, DROP, M, "c4") == BANK[0]  # only L is left
    assert ledger.allocate(BANK, DROP, S, "c5") is None  # pickup A03 is never used
    assert ledger.assignments() == {"A05": "c1", "A02": "c2", "A04": "c3", "A01": "c4"}


def test_release_frees_the_compartment_and_survives_restart(tmp_path: Path) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite3")
    assert ledger.allocate(BANK, PICKUP, S, "c1") == BANK[2]
    assert ledger.allocate(BANK, PICKUP, S, "c2") is None
    ledger.close()
    reopened = SqliteLedger(tmp_path / "l.sqlite3")
    assert reopened.occupant("A03") == "c1"
    reopened.release("A03")
    assert reopened.occupant("A03") is None
    assert reopened.allocate(BANK, PICKUP, S, "c2") == BANK[2]


def test_allocating_again_for_the_same_case_returns_its_compartment(tmp_path: Path) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite3")
    first = ledger.allocate(BANK, DROP, M, "c1")
    assert ledger.allocate(BANK, DROP, M, "c1") == first
    assert len(ledger.assignments()) == 1
