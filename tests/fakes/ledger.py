"""An in-memory :class:`flows.ports.CompartmentLedger`."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from device_contracts import Compartment, CompartmentRole, CompartmentSize

_ORDER = {CompartmentSize.S: 0, CompartmentSize.M: 1, CompartmentSize.L: 2}


class InMemoryLedger:
    def __init__(self, assignments: dict[str, str] | None = None) -> None:
        self._lock = threading.Lock()
        self._assigned: dict[str, str] = dict(assignments or {})
        self.released: list[str] = []

    def allocate(
        self,
        compartments: Sequence[Compartment],
        role: CompartmentRole,
        size: CompartmentSize,
        case_ref: str,
    ) -> Compartment | None:
        with self._lock:
            free = [
                c
                for c in compartments
                if c.role is role and _ORDER[c.size] >= _ORDER[size] and c.id not in self._assigned
            ]
            if not free:
                return None
            chosen = min(free, key=lambda c: (_ORDER[c.size], c.id))
            self._assigned[chosen.id] = case_ref
            return chosen

    def occupant(self, compartment_id: str) -> str | None:
        with self._lock:
            return self._assigned.get(compartment_id)

    def release(self, compartment_id: str) -> None:
        with self._lock:
            self._assigned.pop(compartment_id, None)
            self.released.append(compartment_id)

    def assignments(self) -> dict[str, str]:
        with self._lock:
            return dict(self._assigned)
