"""The bottom bar: back on the left, cancel on the right; shown per state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton


class Footer(QWidget):
    back_clicked = Signal()
    cancel_clicked = Signal()
    home_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("footer")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        t = active_theme()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(t.px(40), t.px(16), t.px(40), t.px(16))
        layout.setSpacing(t.px(20))
        self.back = TrButton(K("footer.back"), name="btn_back")
        self.home = TrButton(K("footer.home"), name="btn_home")
        self.cancel = TrButton(K("footer.cancel"), "danger", name="btn_cancel")
        for b in (self.back, self.home, self.cancel):
            b.setMinimumWidth(t.px(220))
        self.back.clicked.connect(self.back_clicked)
        self.cancel.clicked.connect(self.cancel_clicked)
        self.home.clicked.connect(self.home_clicked)
        layout.addWidget(self.back)
        layout.addWidget(self.home)
        layout.addStretch(1)
        layout.addWidget(self.cancel)
        self._layout = layout
        self._primary: QWidget | None = None
        self.configure()

    def set_primary(self, widget: QWidget | None) -> None:
        """Show ``widget`` (a screen's main button) at the right end; None removes it.

        The footer takes the widget over; it is hidden, not destroyed, when replaced.
        """
        if widget is self._primary:
            return
        if self._primary is not None:
            self._primary.hide()
        self._primary = widget
        if widget is not None:
            if widget.parent() is not self:
                self._layout.addWidget(widget)
            widget.show()

    @property
    def primary(self) -> QWidget | None:
        return self._primary

    def has_content(self) -> bool:
        return any(not b.isHidden() for b in (self.back, self.cancel, self.home)) or (
            self._primary is not None
        )

    def configure(self, *, back: bool = False, cancel: bool = False, home: bool = False) -> None:
        self.back.setVisible(back)
        self.cancel.setVisible(cancel)
        self.home.setVisible(home)
