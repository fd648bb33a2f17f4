"""The delivery step (物流服务): two big tiles, 到柜自取 and 邮寄到家, then for the post the
address form, pre-filled from the ID card and editable on the on-screen keyboard."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from device_contracts import Text
from flows.declaration_delivery import ADDRESS_FIELDS
from flows.domain import Delivery
from kiosk.ui.screens.base import Screen
from kiosk.ui.screens.form import FormScreen
from kiosk.ui.widgets.tiles import TileChoice, TileGrid
from kiosk.ui.widgets.tr import K


class DeliveryChoiceScreen(Screen):
    """``btn_delivery_locker`` / ``btn_delivery_post``; ``chosen`` carries the method."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("choosing_delivery", parent)
        self.add_heading(K("delivery.title"), K("delivery.hint"))
        grid = TileGrid(
            (
                TileChoice(
                    method.value,
                    icon,
                    K(f"delivery.{method.value}"),
                    K(f"delivery.{method.value}.desc"),
                    f"btn_delivery_{method.value}",
                )
                for method, icon in ((Delivery.LOCKER, "collect"), (Delivery.POST, "post"))
            ),
            self.chosen.emit,
        )
        self.tiles = grid.tiles
        self.root.addLayout(grid, 1)

    def show_choice(self, offered: tuple[Delivery, ...]) -> None:
        """Only what the matter offers can be tapped (a matter posted only: no locker)."""
        for method, tile in self.tiles.items():
            tile.setEnabled(Delivery(method) in offered)


class DeliveryAddressScreen(FormScreen):
    """The address form: editors ``field_<key>`` of flows.declaration_delivery's
    ADDRESS_FIELDS, ``btn_next`` confirms."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            screen_id="delivery_address",
            heading=("delivery.address.title", "delivery.address.hint"),
            next_label="delivery.address.next",
        )

    def show_address(self, values: Mapping[str, str], errors: Mapping[str, Text]) -> None:
        self.show_fields("delivery", ADDRESS_FIELDS, values, errors)
