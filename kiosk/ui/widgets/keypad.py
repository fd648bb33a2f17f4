"""On-screen numeric keypad with a digit-box display, for the pickup code."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import FONT_FAMILY, active_theme
from kiosk.ui.widgets.tr import K, TrButton


class CodeDisplay(QWidget):
    """``length`` boxes, one per digit; the next box to fill is outlined."""

    def __init__(self, length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code_display")
        self._length = length
        self._code = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_code(self, code: str) -> None:
        self._code = code
        self.update()

    def code(self) -> str:
        return self._code

    def sizeHint(self) -> QSize:
        t = active_theme()
        return QSize(self._length * t.px(84), t.px(100))

    def minimumSizeHint(self) -> QSize:
        t = active_theme()
        return QSize(self._length * t.px(60), t.px(100))

    def paintEvent(self, event: QPaintEvent) -> None:
        t = active_theme()
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        gap = t.px(12)
        box_w = min((self.width() - gap * (self._length - 1)) / self._length, t.px(84))
        box_h = self.height() - 4
        x0 = (self.width() - (box_w * self._length + gap * (self._length - 1))) / 2
        font = QFont(FONT_FAMILY)
        font.setPixelSize(t.px(56))
        font.setBold(True)
        p.setFont(font)
        for i in range(self._length):
            rect = QRectF(x0 + i * (box_w + gap), 2, box_w, box_h)
            active = i == len(self._code)
            p.setPen(QPen(QColor(t.primary if active else t.border), t.px(4 if active else 2)))
            p.setBrush(QColor(t.surface))
            p.drawRoundedRect(rect, t.px(12), t.px(12))
            if i < len(self._code):
                p.setPen(QColor(t.text))
                p.drawText(rect, Qt.AlignmentFlag.AlignCenter, self._code[i])
        p.end()


class NumericKeypad(QWidget):
    """Digits 0-9, delete, clear and OK in four rows. ``submitted`` carries a full code.

    Buttons are named ``btn_key_0`` ... ``btn_key_9``, ``btn_key_delete``, ``btn_key_clear``, ``btn_key_ok``.
    ``display`` shows the digits; with ``embed_display=False`` the owner places it.
    """

    changed = Signal(str)
    submitted = Signal(str)

    def __init__(
        self,
        length: int = 6,
        parent: QWidget | None = None,
        *,
        embed_display: bool = True,
        min_length: int | None = None,
    ) -> None:
        """``length`` digits at most; OK takes ``min_length`` or more (default: all)."""
        super().__init__(parent)
        self.setObjectName("keypad")
        self._length = length
        self._min_length = length if min_length is None else min_length
        self._code = ""
        self.display = CodeDisplay(length, self)
        grid = QGridLayout()
        t = active_theme()
        grid.setSpacing(t.px(14))
        # 1 2 3 delete / 4 5 6 clear / 7 8 9 OK / 0 (wide) OK
        for i, digit in enumerate("123456789"):
            grid.addWidget(self._digit(digit), i // 3, i % 3)
        grid.addWidget(self._digit("0"), 3, 0, 1, 3)
        delete = TrButton(K("code.delete"), "keyaction", name="btn_key_delete")
        delete.clicked.connect(self.delete)
        delete.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid.addWidget(delete, 0, 3)
        clear = TrButton(K("code.clear"), "keyaction", name="btn_key_clear")
        clear.clicked.connect(self.clear)
        clear.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        grid.addWidget(clear, 1, 3)
        self.ok = TrButton(K("code.ok"), "keyok", name="btn_key_ok")
        self.ok.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.ok.clicked.connect(self._submit)
        grid.addWidget(self.ok, 2, 3, 2, 1)
        for col in range(4):
            grid.setColumnStretch(col, 1)
        # the rows share the height the page gives: without it the rows OK spans (it is
        # Expanding) took it all and 7 8 9 and 0 stood twice as tall as 1 2 3
        for row in range(4):
            grid.setRowStretch(row, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(t.px(20))
        if embed_display:
            layout.addWidget(self.display)
        layout.addLayout(grid)
        self._sync()

    def _digit(self, digit: str) -> TrButton:
        button = TrButton(digit, "key", name=f"btn_key_{digit}")
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        button.clicked.connect(lambda: self.press(digit))
        return button

    def code(self) -> str:
        return self._code

    def press(self, digit: str) -> None:
        if len(self._code) < self._length and digit.isdigit():
            self._code += digit
            self._sync()

    def delete(self) -> None:
        self._code = self._code[:-1]
        self._sync()

    def clear(self) -> None:
        self._code = ""
        self._sync()

    def set_enabled_input(self, enabled: bool) -> None:
        for button in self.findChildren(TrButton):
            button.setEnabled(enabled)
        if enabled:
            self._sync()

    def _submit(self) -> None:
        if len(self._code) >= self._min_length:
            self.submitted.emit(self._code)

    def _sync(self) -> None:
        self.display.set_code(self._code)
        self.ok.setEnabled(len(self._code) >= self._min_length)
        self.changed.emit(self._code)


def keypad_page(
    root: QBoxLayout, side: QVBoxLayout, keypad: NumericKeypad, submitted: Callable[[str], None]
) -> None:
    """A code-entry page: ``side`` (the title, the words, the code as typed) on the left,
    the keypad on the right, ``submitted(code)`` on OK."""
    t = active_theme()
    row = QHBoxLayout()
    row.setSpacing(t.px(64))
    row.addLayout(side, 5)
    keypad.setMaximumWidth(t.px(640))
    keypad.submitted.connect(submitted)
    row.addWidget(keypad, 4)
    root.addLayout(row, 1)
