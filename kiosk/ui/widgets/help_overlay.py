"""The help panel over the current screen: what is true about the resident's call to
staff (kiosk/help_desk.py), and, with no one on duty, the callback request with its
keypad for the mobile number."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QWidget

from flows.help import MAX_WAIT_MIN
from flows.masking import mask_phone
from kiosk.help_desk import HelpDesk, HelpView
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.keypad import NumericKeypad
from kiosk.ui.widgets.overlay_panel import OverlayPanel
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel, set_role

PHONE_DIGITS = 11


class HelpOverlay(OverlayPanel):
    """Covers its parent while the desk has something to say."""

    def __init__(self, parent: QWidget, desk: HelpDesk, step: Callable[[], str]) -> None:
        super().__init__(
            parent,
            name="help_overlay",
            panel_name="help_dialog",
            width=(900, 1200),
            margins=(56, 44),
            spacing=22,
        )
        self._desk = desk
        self._step = step  # the screen's step name, for a callback request
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
        self.close_button.clicked.connect(desk.close)
        self.callback_button.clicked.connect(self._ask_callback)
        buttons.addWidget(self.callback_button, 1)
        buttons.addWidget(self.close_button, 1)
        for w in (self.title, self.body, self.error, self.keypad):
            self.box.addWidget(w)
        self.box.addLayout(buttons)
        desk.changed.connect(self.show_state)

    def show_state(self) -> None:
        d = self._desk
        view = d.view
        if view is HelpView.CLOSED:
            self.hide()
            return
        body: Source
        hours = str(d.hours).replace("-", "–")
        if view is HelpView.ACKNOWLEDGED:
            minutes = d.wait_minutes
            body = (
                K("help.acknowledged", minutes=min(minutes, MAX_WAIT_MIN))
                if minutes
                else K("help.acknowledged_now")
            )
        elif view is HelpView.OFF_DUTY:
            body = K("help.off_duty", hours=hours)
        elif view is HelpView.PHONE:
            body = K("help.phone_prompt")
        elif view is HelpView.CALLBACK_SENT:
            body = K("help.callback_sent", phone=mask_phone(d.phone))
        elif view is HelpView.CALLBACK_QUEUED:
            body = K("help.callback_queued", phone=mask_phone(d.phone))
        elif view is HelpView.REFUSED:
            reason = d.reason
            body = K("help.refused", reason=reason) if reason is not None else None
        else:
            body = K(f"help.{view.value}")
        self.body.set_source(body)
        self.error.setVisible(view is HelpView.PHONE and d.reason is not None)
        typing = view is HelpView.PHONE
        self.keypad.setVisible(typing)
        # the keypad needs the height (large text): the prompt says what the title would
        self.title.setVisible(not typing)
        set_role(self.close_button, "secondary" if typing else "primary")  # OK is the keypad's
        side, top = self._margins[2:] if typing else self._margins[:2]
        self.box.setContentsMargins(side, top, side, top)
        self.callback_button.setVisible(view is HelpView.OFF_DUTY)
        # beside the keypad's own OK, the way out says what it does
        self.close_button.set_source(K("help.cancel" if view is HelpView.PHONE else "help.close"))
        self.cover()

    def _ask_callback(self) -> None:
        self.keypad.clear()
        self._desk.ask_callback()

    def _phone(self, number: str) -> None:
        self.keypad.clear()  # before the answer: clearing hides the error line
        self._desk.submit_phone(number, self._step())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # the screen below waits while the panel is up
