"""A simulated PC/SC staff-card reader: :meth:`SimStaffCardReader.present` puts a card on it.

Stands in for the real PC/SC adapter (``devices/smartcard``) until that is wired
into the site config; the demo and the tests present cards from the staff
directory by UID.
"""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import (
    CardInserted,
    CardRemoved,
    Completion,
    CompletionCode,
    Operation,
    StaffCard,
    Text,
)
from devices.sim._common import SimDevice, Wait

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: Text("未检测到工作证", "No staff card was found"),
    CompletionCode.HARDWARE_ERROR: Text("工作证读卡器故障", "The staff card reader has a fault"),
}

DEMO_ATR = "3B8F8001804F0CA000000306030001000000006A"


class SimStaffCardReader(SimDevice):
    """``StaffCardReader``. Controls: :meth:`present`, :meth:`remove`, :meth:`fail_next`."""

    def __init__(self, *, name: str = "staff_card") -> None:
        super().__init__(name, MESSAGES)
        self._card: StaffCard | None = None
        self._seq = 0

    def present(self, uid: str) -> None:
        """A staff card is laid on the reader."""
        with self._changed:
            self._card = StaffCard(uid.upper(), DEMO_ATR)
            self._seq += 1
            self._changed.notify_all()
        self._emit(CardInserted(self.name))

    def remove(self) -> None:
        with self._changed:
            had = self._card is not None
            self._card = None
            self._changed.notify_all()
        if had:
            self._emit(CardRemoved(self.name))

    def read_staff_card(self, timeout: float) -> Operation[StaffCard]:
        """Completes with the next card laid on the reader (a card already there counts)."""
        with self._lock:
            seen = self._seq - 1 if self._card is not None else self._seq

        def work(op: Operation[StaffCard], deadline: float) -> Completion[StaffCard]:
            waited = self._wait_until(
                op, lambda: self._seq > seen and self._card is not None, deadline
            )
            if waited is not Wait.READY:
                return self._ended(waited)
            with self._lock:
                card = self._card
            assert card is not None
            return Completion.success(card)

        return self._start("read_staff_card", timeout, work)

    def _capabilities(self) -> Mapping[str, object]:
        return {"protocol": "pcsc-sim", "iso7816": True}
