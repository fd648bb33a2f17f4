"""The help panel over the current screen: what is true about the resident's call to
staff, and, with no one on duty, the callback request with its keypad for the mobile
number. A passive view: it shows a :class:`HelpPanel` and says what was pressed
(kiosk/presenters/help.py tells it from the help desk)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.overlay_panel import OverlayPanel
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel, set_role

PHONE_DIGITS = 11


@dataclass(frozen=True)
class HelpPanel:
    """What the panel says while it is up."""

    body: Source
    #: the resident types a mobile number on the keypad (for a callback)
    typing: bool = False
    #: the number typed was not a mobile number
    phone_invalid: bool = False
    #: no one on duty: a callback may be asked for
    callback_offered: bool = False


class HelpOverlay(OverlayPanel):
    """Covers its parent while it has a :class:`HelpPanel` to show."""

    close_clicked = Signal()
    callback_clicked = Signal()
    #: the mobile number typed for a callback
    phone_entered = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            parent,
            name="help_overlay",
            panel_name="help_dialog",
            width=(900, 1200),
            margins=(56, 44),
            spacing=22,
        )
        t = active_theme()
        self.setStyleSheet(
            f"#help_overlay {{ background: {t.scrim}; }}"
            f" #help_dialog {{ background: {t.surface}; border-radius: {t.px(16)}px; }}"
        )
        self._margins = (t.px(56), t.px(44), t.px(32), t.px(24))  # (side, top), keypad's
        self.title = TrLabel(
            K("help.title"), "h1", align=Qt.AlignmentFlag.AlignCenter, name="help_title"
        )
        self.body = TrLabel(None, "body", align=Qt.AlignmentFlag.AlignCenter, name="help_body")
        self.error = TrLabel(
            K("help.phone_invalid"), "error", align=Qt.AlignmentFlag.AlignCenter, name="help_error"
        )
        self.keypad = NumericKeypad(PHONE_DIGITS)
        self.keypad.submitted.connect(self._phone)
        self.keypad.changed.connect(lambda _code: self.error.hide())  # typing again
        buttons = QHBoxLayout()
        buttons.setSpacing(t.px(24))
        self.close_button = TrButton(K("help.close"), "primary", name="btn_help_close")
        self.callback_button = TrButton(K("help.callback"), "secondary", name="btn_help_callback")
        self.close_button.clicked.connect(self.close_clicked)
        self.callback_button.clicked.connect(self._ask_callback)
        buttons.addWidget(self.callback_button, 1)
        buttons.addWidget(self.close_button, 1)
        for w in (self.title, self.body, self.error, self.keypad):
            self.box.addWidget(w)
        self.box.addLayout(buttons)

    def show_panel(self, panel: HelpPanel | None) -> None:
        """Show ``panel`` over the screen; None takes the panel down."""
        if panel is None:
            self.hide()
            return
        self.body.set_source(panel.body)
        self.error.setVisible(panel.phone_invalid)
        typing = panel.typing
        self.keypad.setVisible(typing)
        # the keypad needs the height (large text): the prompt says what the title would
        self.title.setVisible(not typing)
        set_role(self.close_button, "secondary" if typing else "primary")  # OK is the keypad's
        side, top = self._margins[2:] if typing else self._margins[:2]
        self.box.setContentsMargins(side, top, side, top)
        self.callback_button.setVisible(panel.callback_offered)
        # beside the keypad's own OK, the way out says what it does
        self.close_button.set_source(K("help.cancel" if typing else "help.close"))
        self.cover()

    def _ask_callback(self) -> None:
        self.keypad.clear()
        self.callback_clicked.emit()

    def _phone(self, number: str) -> None:
        self.keypad.clear()  # before the answer: clearing hides the error line
        self.phone_entered.emit(number)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the screen below waits while the panel is up
