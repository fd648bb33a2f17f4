"""Home: the services as big tiles."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tiles import TileChoice, TileGrid
from kiosk.ui.widgets.tr import K


class HomeScreen(Screen):
    """Buttons: ``btn_home_declare``, ``btn_home_collect``, ``btn_home_progress``,
    ``btn_home_appointment``, ``btn_home_print``, ``btn_home_pay``; ``chosen`` carries
    the service id."""

    chosen = Signal(str)

    SERVICES = ("declare", "collect", "progress", "appointment", "print", "pay")
    #: "print" (打印证照) opens on a site with an A4 printer (MainWindow.install_self_print),
    #: "pay" (便民缴费) on a site with a payment gateway (MainWindow.install_utility_payment)
    COMING_SOON = frozenset({"progress", "appointment", "print", "pay"})

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("home", parent)
        self.add_heading(K("home.title"))
        grid = TileGrid(
            (
                TileChoice(
                    service,
                    service,
                    K(f"home.{service}"),
                    K(f"home.{service}.desc"),
                    f"btn_home_{service}",
                    K("home.soon") if service in self.COMING_SOON else None,
                )
                for service in self.SERVICES
            ),
            self.chosen.emit,
        )
        self.tiles = grid.tiles
        if active_theme().scale > 1.0 and len(self.SERVICES) > 4:
            # large text, three rows of tiles: the titles say it; the descriptions and
            # the pictograms had no room left (the titles were cut under the 请取回身份证
            # strip)
            for tile in self.tiles.values():
                tile.desc_label.hide()
                tile.pictogram.hide()
        self.root.addLayout(grid, 1)

    def enable_services(self, services: tuple[str, ...]) -> None:
        """Services that are no longer "coming soon" in this window (their badge goes)."""
        for service in services:
            tile = self.tiles.get(service)
            if tile is not None and tile.badge is not None:
                tile.badge.hide()
                tile.pictogram.muted = False
                tile.pictogram.update()
