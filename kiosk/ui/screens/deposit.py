"""Depositing the paper originals: which compartment is open, what to do."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from device_contracts import Text
from kiosk.ui.screens.base import Screen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import LockerIllustration
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class DepositScreen(Screen):
    """``deposit_compartment`` shows the label; ``btn_skip_deposit`` hands papers to staff."""

    skip_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("depositing", parent)
        t = active_theme()
        self.locker = LockerIllustration()
        # large text: the h1's size (as "huge" it took two lines and, under 请取回身份证,
        # was cut off; issue 19 item 10)
        self.compartment = TrLabel(
            None, "huge" if t.scale <= 1.0 else "door", name="deposit_compartment"
        )
        self.body = TrLabel(K("deposit.body"), "title")
        self.status = TrLabel(K("deposit.waiting"), "muted", name="deposit_status")
        self.skip = TrButton(K("deposit.skip"), "secondary", name="btn_skip_deposit")
        self.skip.hide()
        self.skip.clicked.connect(self.skip_clicked)
        words = (
            TrLabel(K("deposit.title"), "h1", name="depositing_title"),
            self.compartment,
            self.body,
            self.status,
            self.skip,
        )
        self.root.addLayout(
            picture_beside_words(self.locker, words, picture_stretch=4, spacing=22), 1
        )

    def show_deposit(
        self, compartment_id: str | None, *, busy: bool, hint: Text | None, can_skip: bool
    ) -> None:
        """``compartment_id`` None: none opened (yet); ``hint``: the flow's instruction."""
        self.locker.set_compartment(compartment_id or "")
        self.locker.setVisible(compartment_id is not None or busy)
        self.compartment.set_source(
            K("deposit.open", compartment=compartment_id) if compartment_id else None
        )
        self.compartment.setVisible(compartment_id is not None)
        self.body.setVisible(compartment_id is not None)
        self.body.set_source(hint if hint is not None else K("deposit.body"))
        if compartment_id is None:
            self.status.set_source(K("deposit.allocating") if busy else None)
        else:
            self.status.set_source(K("deposit.waiting"))
        self.status.setVisible(bool(self.status.text()))
        self.skip.setVisible(can_skip)
