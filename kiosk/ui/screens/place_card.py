"""Reading the ID card: an illustration of the reader and what to do."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.ui.screens.card_reading import CardReadingScreen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrLabel


class PlaceCardScreen(CardReadingScreen):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "reading_card",
            title=K("card.title"),
            body=K("card.body"),
            status=K("card.reading"),
            retry=(K("card.retry"), "btn_retry"),
            after=(TrLabel(K("card.also"), "muted"),),
            # tighter in large text: the English title takes two lines there, and a card
            # left by the previous resident (请取回身份证) takes a strip of the height
            # (issue 19 item 10)
            spacing=24 if active_theme().scale <= 1.0 else 10,
            parent=parent,
        )
