"""A simulated second-generation ID card reader (居民身份证阅读器).

The card is level-triggered like the real reader's RF field: once placed it
stays on the plate (and is read again) until removed. In the demo,
``auto_place_after`` puts a card down a few seconds into each read and takes
it away again after the read, so every session waits for "its" card.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from device_contracts import (
    CardInserted,
    CardRemoved,
    CardType,
    Completion,
    CompletionCode,
    IdentityCard,
    Operation,
    Text,
)
from devices.sim._common import SimDevice, Wait
from devices.sim.identities import DEFAULT_IDENTITIES_PATH, load_identities

log = logging.getLogger(__name__)

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: Text(
        "未检测到身份证，请将身份证放在感应区",
        "No ID card was found, please place it on the reader",
    ),
    CompletionCode.INVALID_DATA: Text(
        "读卡失败，请放稳身份证后重试", "The card could not be read, hold it still and try again"
    ),
    CompletionCode.HARDWARE_ERROR: Text(
        "身份证阅读器故障，请联系工作人员",
        "The ID card reader has a fault, please ask staff for help",
    ),
    CompletionCode.NO_MEDIA: Text("未检测到身份证", "No ID card was found"),
}


class SimIdCardReader(SimDevice):
    """``IdCardReader`` over the sample identities.

    Controls: :meth:`place_card`, :meth:`remove_card`, :attr:`auto_place_after`,
    :meth:`fail_next`, :meth:`unplug` / :meth:`replug`.
    """

    def __init__(
        self,
        *,
        name: str = "id_reader",
        identities: Sequence[IdentityCard] | None = None,
        identities_path: Path | None = None,
        auto_place_after: float | None = None,
        auto_card: int = 0,
        read_delay: float = 0.3,
    ) -> None:
        super().__init__(name, MESSAGES)
        if identities is None:
            identities = load_identities(identities_path or DEFAULT_IDENTITIES_PATH)
        if not identities:
            raise ValueError("the simulated ID reader needs at least one identity")
        self._identities = tuple(identities)
        self._check_index(auto_card)
        #: demo: a card appears this many seconds after read_card starts (None: never)
        self.auto_place_after = auto_place_after
        #: which identity the demo places
        self.auto_card = auto_card
        self.read_delay = read_delay
        self._card: IdentityCard | None = None
        self._auto_placed = False

    # ------------------------------------------------------------ controls
    @property
    def identities(self) -> tuple[IdentityCard, ...]:
        return self._identities

    @property
    def card_present(self) -> bool:
        with self._lock:
            return self._card is not None

    def place_card(self, index: int = 0) -> None:
        """Put identity ``index`` on the reader (replacing a card already there)."""
        self._place(index, auto=False)

    def remove_card(self) -> None:
        with self._changed:
            had_card = self._card is not None
            self._card = None
            self._auto_placed = False
            self._changed.notify_all()
        if had_card:
            self._emit(CardRemoved(self.name))

    # ------------------------------------------------------------ IdCardReader
    def read_card(self, timeout: float) -> Operation[IdentityCard]:
        return self._start("read_card", timeout, self._read)

    def _capabilities(self) -> Mapping[str, object]:
        return {
            "card_types": [CardType.RESIDENT.value],
            "photo_decoding": False,  # no WLT library: faces are checked against the platform photo
        }

    # ------------------------------------------------------------ internals
    def _check_index(self, index: int) -> None:
        if not 0 <= index < len(self._identities):
            raise IndexError(
                f"no sample identity {index}; there are {len(self._identities)} (0..{len(self._identities) - 1})"
            )

    def _place(self, index: int, *, auto: bool) -> None:
        self._check_index(index)
        with self._changed:
            replaced = self._card is not None
            self._card = self._identities[index]
            self._auto_placed = auto
            self._changed.notify_all()
        if replaced:
            self._emit(CardRemoved(self.name))
        self._emit(CardInserted(self.name))

    def _read(self, op: Operation[IdentityCard], deadline: float) -> Completion[IdentityCard]:
        auto_after = self.auto_place_after
        if auto_after is not None and not self.card_present:
            place_at = time.monotonic() + auto_after
            waited = self._wait_until(op, lambda: self._card is not None, min(place_at, deadline))
            if waited is Wait.TIMEOUT and time.monotonic() < deadline:
                log.debug("demo card placed", extra={"device": self.name})
                self._place(self.auto_card, auto=True)
        waited = self._wait_until(op, lambda: self._card is not None, deadline)
        if waited is not Wait.READY:
            return self._ended(waited)
        with self._lock:
            card = self._card
        waited = self._pause(op, self.read_delay, deadline)
        if waited is not Wait.READY:
            return self._ended(waited)
        with self._lock:
            still_there = self._card is card
            auto_placed = self._auto_placed
        if not still_there or card is None:
            # lifted or swapped mid-read: the real reader's checksum would fail too
            return self._failure(CompletionCode.INVALID_DATA, "card moved during read")
        if auto_placed:
            self.remove_card()  # the demo resident takes the card back
        return Completion.success(card)
