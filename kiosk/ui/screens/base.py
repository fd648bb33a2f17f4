"""Common frame of a screen: margins, a heading, a subtitle and a body area."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLayout,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import Source, TrLabel


class Screen(QWidget):
    """A full content-area page. ``screen_id`` names it (``screen_<id>``)."""

    #: a staff member's page (after the staff card): the window hides the resident's
    #: controls there (call staff, large text), which mean nothing to a clerk
    for_staff = False

    def __init__(self, screen_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.screen_id = screen_id
        #: the screen's main button ("next", "submit"); the window shows it in the footer
        self.primary_action: QWidget | None = None
        self.setObjectName(f"screen_{screen_id}")
        self.setProperty("screen", True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # only the shown screen may claim space: the stack ignores the others' minimums
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        t = active_theme()
        self.root = QVBoxLayout(self)
        self.root.setContentsMargins(t.px(64), t.px(28), t.px(64), t.px(24))
        self.root.setSpacing(t.px(18))

    def add_heading(
        self, title: Source, subtitle: Source = None, aside: QWidget | None = None
    ) -> tuple[TrLabel, TrLabel]:
        """The page title (with ``aside`` on its right, on the same line) and a subtitle."""
        self.title = TrLabel(title, "h1", name=f"{self.screen_id}_title")
        self.subtitle = TrLabel(subtitle, "body", name=f"{self.screen_id}_subtitle")
        self.subtitle.setVisible(subtitle is not None)
        if aside is None:
            self.root.addWidget(self.title)
        else:
            row = QHBoxLayout()
            row.setSpacing(active_theme().px(32))
            row.addWidget(self.title, 1)
            row.addWidget(aside, 0, Qt.AlignmentFlag.AlignBottom)
            self.root.addLayout(row)
        self.root.addWidget(self.subtitle)
        return self.title, self.subtitle

    def add_centred(self, frame: QWidget, stretch: int = 0) -> None:
        """``frame`` (a card) centred in the width, with the page's lower space under it.
        Centred by stretches, not by an alignment flag: a widget placed with one gets its
        size hint's height, not the height its wrapped text needs at its width, so a body
        that wraps in the narrower card lost its last line (issue 19 item 10)."""
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(frame, stretch)
        row.addStretch(1)
        self.root.addLayout(row)
        self.root.addStretch(2)


def card(
    parent: QWidget | None = None, *, horizontal: bool = False
) -> tuple[QFrame, QVBoxLayout | QHBoxLayout]:
    """A white rounded panel and its layout."""
    frame = QFrame(parent)
    frame.setProperty("role", "card")
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    t = active_theme()
    layout: QVBoxLayout | QHBoxLayout = QHBoxLayout(frame) if horizontal else QVBoxLayout(frame)
    layout.setContentsMargins(t.px(28), t.px(22), t.px(28), t.px(22))
    layout.setSpacing(t.px(14))
    return frame, layout


def titled_grid(
    title: Source, *, column_gap: int, row_gap: int
) -> tuple[QFrame, QVBoxLayout | QHBoxLayout, QGridLayout]:
    """A card with a title over a grid (label/value rows, checks, tests): the card, its
    layout (for what goes under the grid) and the grid, gaps in design pixels."""
    frame, layout = card()
    layout.addWidget(TrLabel(title, "title"))
    t = active_theme()
    grid = QGridLayout()
    grid.setHorizontalSpacing(t.px(column_gap))
    grid.setVerticalSpacing(t.px(row_gap))
    layout.addLayout(grid)
    return frame, layout, grid


def scroll(content: QWidget) -> QScrollArea:
    """Wrap ``content`` so long lists and large text never clip."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    return area


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every item of ``layout``, nested layouts (grids too) included
    (for lists and forms rebuilt from data)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        child = item.layout()
        if child is not None:
            clear_layout(child)
            child.deleteLater()
