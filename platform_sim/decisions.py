"""Decisions on cases (审批决定), kept with their time and handed out sealed.

Ed25519 signatures are deterministic, so the seal is made afresh from the stored
fields each time the decision is read: the same decision always carries the same seal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from platform_contract.seal import DecisionOut, decision_fields
from platform_sim.clock import now
from platform_sim.seal import seal
from platform_sim.store.transaction import StoreRow, Tx

Decision = Literal["approved", "rejected"]


def record_decision(conn: Tx, case: StoreRow, decision: Decision) -> None:
    """Decide ``case`` now; a later decision on the same case replaces the earlier one."""
    conn.execute(
        "INSERT INTO case_decisions (case_code, decision, decided_at) VALUES (?, ?, ?)"
        " ON CONFLICT (case_code) DO UPDATE SET decision = excluded.decision,"
        " decided_at = excluded.decided_at",
        (case["code"], decision, now().isoformat()),
    )


def sealed_decision(conn: Tx, case: StoreRow) -> DecisionOut | None:
    """The case's decision with the platform's seal, or None while undecided."""
    row = conn.execute(
        "SELECT decision, decided_at FROM case_decisions WHERE case_code = ?", (case["code"],)
    ).fetchone()
    if row is None:
        return None
    decided_at = datetime.fromisoformat(row["decided_at"])
    fields = decision_fields(case["code"], case["matter_code"], row["decision"], decided_at)
    return DecisionOut(
        case_code=case["code"],
        matter_code=case["matter_code"],
        decision=row["decision"],
        decided_at=decided_at,
        seal=seal(conn, fields),
    )
