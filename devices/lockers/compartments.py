"""The site's compartment map: which board and channel each labelled door is on."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from device_contracts import Compartment, CompartmentRole, CompartmentSize

_SIZE_ORDER = {CompartmentSize.S: 0, CompartmentSize.M: 1, CompartmentSize.L: 2}


class CompartmentMap:
    """Lookup by id and by (board, channel), and allocation of a free compartment."""

    def __init__(self, compartments: Sequence[Compartment]) -> None:
        self._by_id: dict[str, Compartment] = {}
        self._by_slot: dict[tuple[int, int], Compartment] = {}
        for c in compartments:
            if c.id in self._by_id:
                raise ValueError(f"duplicate compartment id {c.id!r}")
            if (c.board, c.channel) in self._by_slot:
                raise ValueError(f"board {c.board} channel {c.channel} is used twice")
            self._by_id[c.id] = c
            self._by_slot[(c.board, c.channel)] = c
        self._all = tuple(compartments)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._all)

    def __len__(self) -> int:
        return len(self._all)

    def __contains__(self, compartment_id: object) -> bool:
        return compartment_id in self._by_id

    def all(self) -> list[Compartment]:
        return list(self._all)

    def get(self, compartment_id: str) -> Compartment | None:
        return self._by_id.get(compartment_id)

    def at(self, board: int, channel: int) -> Compartment | None:
        return self._by_slot.get((board, channel))

    def boards(self) -> list[int]:
        return sorted({c.board for c in self._all})

    def on_board(self, board: int) -> list[Compartment]:
        return [c for c in self._all if c.board == board]

    def allocate(
        self,
        size: CompartmentSize,
        role: CompartmentRole,
        unavailable: Collection[str] = (),
    ) -> Compartment | None:
        """A compartment of ``role`` that is not ``unavailable`` (occupied, open, faulty).

        The requested size if one is free, else the next bigger; the lowest id
        among equals, so the choice is predictable for staff.
        """
        wanted = _SIZE_ORDER[size]
        fits = [
            c
            for c in self._all
            if c.role is role and c.id not in unavailable and _SIZE_ORDER[c.size] >= wanted
        ]
        if not fits:
            return None
        return min(fits, key=lambda c: (_SIZE_ORDER[c.size], c.id))
