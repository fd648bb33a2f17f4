"""A message banner for errors and notices, in plain words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import Source, TrLabel, render, set_role


class Banner(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("kind", "error")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QHBoxLayout(self)
        t = active_theme()
        layout.setContentsMargins(t.px(24), t.px(12), t.px(24), t.px(12))
        layout.setSpacing(t.px(16))
        self.icon = TrLabel("!", "", wrap=False, name="banner_icon")
        self.label = TrLabel(None, "", name="banner_text")
        layout.addWidget(self.icon)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_message(self, message: Source, kind: str = "error") -> None:
        """Show ``message`` (hide when empty). ``kind``: "error" or "info"."""
        if message is None or not render(message):
            self.label.set_source(None)
            self.hide()
            return
        set_role(self, "", kind)
        # the labels' colours hang on the banner's kind (#banner[kind=..] QLabel):
        # Qt does not re-polish children when a parent's property changes
        for child in (self.icon, self.label):
            child.style().unpolish(child)
            child.style().polish(child)
        self.icon.set_source("⚠" if kind == "error" else "ℹ")
        self.label.set_source(message)
        self.show()

    def text(self) -> str:
        return "" if self.isHidden() else self.label.text()
