"""Collection: the pickup compartment is open, take the certificate, close the door."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from flows.domain import PickupTicket
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import LockerIllustration
from kiosk.ui.widgets.tr import K, TrLabel


class CollectDoorScreen(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("collecting", parent)
        t = active_theme()
        row = QHBoxLayout()
        row.setSpacing(t.px(64))
        self.locker = LockerIllustration()
        row.addWidget(self.locker, 4)
        side = QVBoxLayout()
        side.setSpacing(t.px(22))
        side.addStretch(1)
        side.addWidget(TrLabel(K("collect.title"), "h1", name="collecting_title"))
        # large text: the h1's size (as "huge" it took two lines and, under 请取回身份证,
        # was cut off; issue 19 item 10)
        self.compartment = TrLabel(
            None, "huge" if t.scale <= 1.0 else "door", name="collect_compartment"
        )
        side.addWidget(self.compartment)
        self.body = TrLabel(K("collect.body"), "title")
        side.addWidget(self.body)
        self.matter = TrLabel(None, "muted", name="collect_matter")
        side.addWidget(self.matter)
        side.addStretch(1)
        row.addLayout(side, 5)
        self.root.addLayout(row, 1)

    def show_ticket(self, ticket: PickupTicket | None) -> None:
        cid = ticket.compartment_id if ticket else ""
        self.locker.set_compartment(cid)
        self.compartment.set_source(K("collect.open", compartment=cid) if ticket else None)
        self.matter.set_source(K("collect.matter", matter=ticket.matter_name) if ticket else None)
