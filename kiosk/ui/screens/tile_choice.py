"""A page that asks for one of a few choices as big tiles (which utility, which way to
pay): a heading, one tile a choice, each with its pictogram, words and button."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.widgets.tiles import TileChoice, TileGrid
from kiosk.ui.widgets.tr import K


class TileChoiceScreen(Screen):
    """``screen_<screen_id>`` under the heading ``<screen_id>.title``; choice ``c``'s words
    are the strings ``<words>.<c>`` and ``<words>.<c>.desc``, its pictogram ``c``, its
    button ``<button>_<c>``; ``chosen`` carries ``c``."""

    chosen = Signal(str)

    def __init__(
        self,
        screen_id: str,
        choices: Iterable[str],
        words: str,
        button: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(screen_id, parent)
        self.add_heading(K(f"{screen_id}.title"), "")
        self.subtitle.setVisible(False)
        grid = TileGrid(
            (
                TileChoice(c, c, K(f"{words}.{c}"), K(f"{words}.{c}.desc"), f"{button}_{c}")
                for c in choices
            ),
            self.chosen.emit,
        )
        self.tiles = grid.tiles
        self.root.addLayout(grid, 1)
