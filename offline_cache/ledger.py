"""Which locker compartment holds which case, in SQLite so it survives restarts.

Allocation picks the smallest free compartment of the role that is at least the
requested size (S < M < L), so large compartments stay free for bulky papers.
Allocating again for a case that already holds a compartment of that role
returns the same one (a flow retried after a crash must not take a second door).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path

from device_contracts import Compartment, CompartmentRole, CompartmentSize
from offline_cache.sqlite_store import SqliteFile, transaction

log = logging.getLogger(__name__)

DB_FILE = "ledger.sqlite3"
_RANK = {CompartmentSize.S: 0, CompartmentSize.M: 1, CompartmentSize.L: 2}
SCHEMA = """
CREATE TABLE IF NOT EXISTS occupancy (
    compartment_id TEXT PRIMARY KEY,
    case_ref TEXT NOT NULL,
    role TEXT NOT NULL,
    allocated_at REAL NOT NULL
);
"""


class SqliteLedger(SqliteFile):
    def __init__(self, path: Path) -> None:
        super().__init__(path, SCHEMA)

    def allocate(
        self,
        compartments: Sequence[Compartment],
        role: CompartmentRole,
        size: CompartmentSize,
        case_ref: str,
    ) -> Compartment | None:
        by_id = {c.id: c for c in compartments}
        candidates = sorted(
            (c for c in compartments if c.role is role and _RANK[c.size] >= _RANK[size]),
            key=lambda c: _RANK[c.size],  # stable: site order among equal sizes
        )
        with transaction(self._conn, self._lock):
            held = self._conn.execute(
                "SELECT compartment_id FROM occupancy WHERE case_ref = ? AND role = ?",
                (case_ref, role.value),
            ).fetchone()
            if held is not None and held["compartment_id"] in by_id:
                return by_id[held["compartment_id"]]
            taken = {
                r["compartment_id"]
                for r in self._conn.execute("SELECT compartment_id FROM occupancy")
            }
            chosen = next((c for c in candidates if c.id not in taken), None)
            if chosen is not None:
                self._conn.execute(
                    "INSERT INTO occupancy (compartment_id, case_ref, role, allocated_at)"
                    " VALUES (?, ?, ?, ?)",
                    (chosen.id, case_ref, role.value, time.time()),
                )
        if chosen is None:
            log.warning("no free compartment", extra={"role": role.value, "size": size.value})
        else:
            log.info(
                "compartment allocated", extra={"compartment": chosen.id, "case_ref": case_ref}
            )
        return chosen

    def occupant(self, compartment_id: str) -> str | None:
        with self._lock:
            row = self._conn.execute(
                "SELECT case_ref FROM occupancy WHERE compartment_id = ?", (compartment_id,)
            ).fetchone()
        return None if row is None else str(row["case_ref"])

    def release(self, compartment_id: str) -> None:
        with self._lock:
            self._conn.execute("DELETE FROM occupancy WHERE compartment_id = ?", (compartment_id,))
        log.info("compartment released", extra={"compartment": compartment_id})

    def assignments(self) -> dict[str, str]:
        with self._lock:
            rows = self._conn.execute("SELECT compartment_id, case_ref FROM occupancy").fetchall()
        return {r["compartment_id"]: r["case_ref"] for r in rows}
