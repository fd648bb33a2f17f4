"""Collection: the pickup compartment is open, take the certificate, close the door."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from flows.domain import PickupTicket
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import LockerIllustration
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.tr import K, TrLabel


class CollectDoorScreen(Screen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("collecting", parent)
        t = active_theme()
        self.locker = LockerIllustration()
        # large text: the h1's size (as "huge" it took two lines and, under 请取回身份证,
        # was cut off; issue 19 item 10)
        self.compartment = TrLabel(
            None, "huge" if t.scale <= 1.0 else "door", name="collect_compartment"
        )
        self.body = TrLabel(K("collect.body"), "title")
        self.matter = TrLabel(None, "muted", name="collect_matter")
        words = (
            TrLabel(K("collect.title"), "h1", name="collecting_title"),
            self.compartment,
            self.body,
            self.matter,
        )
        self.root.addLayout(
            picture_beside_words(self.locker, words, picture_stretch=4, spacing=22), 1
        )

    def show_ticket(self, ticket: PickupTicket | None) -> None:
        cid = ticket.compartment_id if ticket else ""
        self.locker.set_compartment(cid)
        self.compartment.set_source(K("collect.open", compartment=cid) if ticket else None)
        self.matter.set_source(K("collect.matter", matter=ticket.matter_name) if ticket else None)
