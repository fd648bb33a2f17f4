"""A panel over the whole window: what the help panel and the idle countdown share.

The overlay covers its parent (:meth:`OverlayPanel.cover`), so a tap on the screen
below does not reach it; the panel itself is a centred frame of a bounded width whose
vertical layout (:attr:`OverlayPanel.box`) the subclass fills. Hidden until covered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui.theme import active_theme


class OverlayPanel(QWidget):
    """Covers its parent with a centred panel (``dialog``) laid out top to bottom."""

    def __init__(
        self,
        parent: QWidget,
        *,
        name: str,
        panel_name: str,
        width: tuple[int, int],
        margins: tuple[int, int],
        spacing: int,
    ) -> None:
        """``width``: the panel's least and most width; ``margins``: its (side, top)
        margins; all in design pixels, scaled by the active theme."""
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = active_theme()
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dialog = QFrame(self)
        self.dialog.setObjectName(panel_name)
        self.dialog.setMinimumWidth(t.px(width[0]))
        self.dialog.setMaximumWidth(t.px(width[1]))
        self.box = QVBoxLayout(self.dialog)
        side, top = t.px(margins[0]), t.px(margins[1])
        self.box.setContentsMargins(side, top, side, top)
        self.box.setSpacing(t.px(spacing))
        outer.addWidget(self.dialog)
        self.hide()

    def cover(self) -> None:
        """Fill the parent and show, above every sibling."""
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()
