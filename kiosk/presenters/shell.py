"""What a presenter needs from the window around its screens."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from PySide6.QtWidgets import QWidget

from device_contracts import Text


class Shell(Protocol):
    def show_screen(self, screen: QWidget) -> None: ...

    def set_steps(self, keys: Sequence[str], current: int) -> None:
        """Show the journey's steps (i18n keys) with ``current`` highlighted; empty hides."""
        ...

    def set_footer(self, *, back: bool = False, cancel: bool = False) -> None: ...

    def show_message(self, message: Text | None, kind: str = "error") -> None: ...

    def journey_ended(self, *, to_attract: bool) -> None:
        """The flow went back to idle: show the attract screen (or home after a cancel)."""
        ...

    def show_card_prompt(self, source: object, shown: bool) -> None:
        """请取回身份证 while ``source`` (a journey's presenter) has a card to give back:
        shown while any source has one, and said as it appears."""
        ...
