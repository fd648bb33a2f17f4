"""便民缴费's first page: which utility to pay (water, electricity, gas, heating), one
tile each."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from flows.payment_ports import Utility
from kiosk.ui.screens.tile_choice import TileChoiceScreen


class UtilityChoiceScreen(TileChoiceScreen):
    """``screen_utility_choice``: ``btn_utility_water`` ... ``btn_utility_heating``;
    ``chosen`` carries the :class:`Utility` value."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("utility_choice", list(Utility), "utility", "btn_utility", parent)
