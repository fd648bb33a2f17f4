"""A screen's picture (the card reader, the locker) with its words beside it: the
words in a column to the picture's right, centred in the height."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QHBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.ui.theme import active_theme

#: the words' column's share of the row's width
WORDS_STRETCH = 5


def picture_beside_words(
    picture: QWidget,
    words: Iterable[QWidget | QLayout],
    *,
    picture_stretch: int,
    spacing: int = 24,
) -> QHBoxLayout:
    """The row: ``picture`` (``picture_stretch`` of the width), then ``words`` one under
    the other, ``spacing`` design pixels apart; a button keeps its own width, at the left."""
    t = active_theme()
    row = QHBoxLayout()
    row.setSpacing(t.px(64))
    row.addWidget(picture, picture_stretch)
    column = QVBoxLayout()
    column.setSpacing(t.px(spacing))
    column.addStretch(1)
    for word in words:
        if isinstance(word, QLayout):
            column.addLayout(word)
        elif isinstance(word, QAbstractButton):
            column.addWidget(word, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            column.addWidget(word)
    column.addStretch(1)
    row.addLayout(column, WORDS_STRETCH)
    return row
