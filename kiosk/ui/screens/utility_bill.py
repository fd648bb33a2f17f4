"""便民缴费: the bill the utility answered, to check before paying: which utility, the
account number, the holder's name as the biller masks it, the period, the amount."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.ui.screens.base import Screen, card
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel

#: the bill's rows, top to bottom
ROWS = ("utility", "account", "holder", "period", "amount")


class BillScreen(Screen):
    """``screen_utility_bill``: the values in ``bill_<row>`` labels; ``btn_bill_pay`` (in
    the footer) goes on to the payment, ``btn_bill_other`` back to the account number."""

    pay_clicked = Signal()
    other_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("utility_bill", parent)
        t = active_theme()
        self.add_heading(K("utility_bill.title"))
        # the rows and the other-account button side by side: in large text the page has
        # no height for the button under five rows
        frame, layout = card(horizontal=True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(t.px(48))
        grid.setVerticalSpacing(t.px(18 if t.scale <= 1.0 else 4))
        self.values: dict[str, TrLabel] = {}
        for row, key in enumerate(ROWS):
            grid.addWidget(TrLabel(K(f"utility_bill.{key}"), "muted"), row, 0)
            self.values[key] = TrLabel(
                None, "h1" if key == "amount" else "title", name=f"bill_{key}"
            )
            grid.addWidget(self.values[key], row, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)
        self.other = TrButton(K("utility_bill.other"), "secondary", name="btn_bill_other")
        self.other.clicked.connect(self.other_clicked)
        layout.addWidget(self.other, 0, Qt.AlignmentFlag.AlignBottom)
        self.root.addWidget(frame)
        self.root.addStretch(1)
        self.pay = TrButton(K("utility_bill.pay"), "primary", name="btn_bill_pay")
        self.pay.clicked.connect(self.pay_clicked)
        self.primary_action = self.pay

    def show_bill(
        self, utility: Source, account: str, holder_masked: str, period: str, amount_fen: int
    ) -> None:
        shown: dict[str, Source] = {
            "utility": utility,
            "account": account,
            "holder": holder_masked,
            "period": period,
            "amount": amount_source(amount_fen),
        }
        for key, value in shown.items():
            self.values[key].set_source(value)
