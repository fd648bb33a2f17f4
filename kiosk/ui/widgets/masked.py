"""ID and phone numbers on a public screen: masked, whole while pressed and held.

The number is shown as flows/masking.py masks it (``110112********1238``). The
resident presses and holds it to read it whole; letting go, or the widget leaving
the screen, masks it again, so no screenshot or passer-by sees it unless a finger
is on it. An editable field (a phone typed in) shows what is typed while it has
the focus and masks it once the resident moves on.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QHideEvent, QMouseEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from flows.masking import Private, mask
from kiosk.ui.widgets.tr import Source, TrLabel


class MaskedLabel(TrLabel):
    """A read-only value; ``kind`` None shows it as it is (not a private number)."""

    # class defaults: TrLabel's __init__ renders before this __init__ sets them
    _kind: Private | None = None
    _value = ""
    _revealed = False

    def __init__(
        self,
        kind: Private | None,
        value: str,
        role: str = "body",
        parent: QWidget | None = None,
        *,
        name: str = "",
    ) -> None:
        super().__init__(None, role, parent, name=name)
        self._kind = kind
        self._value = value
        self.retranslate()
        if kind is not None:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setProperty("masked", True)

    @property
    def value(self) -> str:
        return self._value

    @property
    def revealed(self) -> bool:
        return self._revealed

    def set_value(self, value: str) -> None:
        self._value = value
        self.retranslate()

    def set_source(self, source: Source) -> None:  # a value, not a translatable source
        self.set_value(source if isinstance(source, str) else "")

    def retranslate(self) -> None:
        shown = self._value if self._revealed else mask(self._kind, self._value)
        self.setText(shown or "—")

    def _reveal(self, on: bool) -> None:
        if self._kind is not None and self._revealed != on:
            self._revealed = on
            self.retranslate()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._reveal(True)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._reveal(False)
        super().mouseReleaseEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._reveal(False)
        super().hideEvent(event)


class MaskedLineEdit(QLineEdit):
    """A form field for a private number: masked unless it is being typed or held.

    ``text()`` is what the screen shows; :meth:`value` is the number itself. Edits
    come out of ``textEdited`` as with any field (only possible while focused, when
    the text is the number itself)."""

    def __init__(self, kind: Private, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: Private = kind
        self._value = ""
        self._revealed = False
        self.textEdited.connect(self._typed)

    def value(self) -> str:
        return self._value

    @property
    def revealed(self) -> bool:
        return self._revealed

    def set_value(self, value: str) -> None:
        if value != self._value:
            self._value = value
            self._show()

    def setReadOnly(self, read_only: bool) -> None:
        if read_only != self.isReadOnly():  # each render sets it: only a change re-shows
            super().setReadOnly(read_only)
            self._show()

    def _typed(self, text: str) -> None:
        self._value = text

    def _editing(self) -> bool:
        return self.hasFocus() and not self.isReadOnly()

    def _show(self) -> None:
        whole = self._revealed or self._editing()
        shown = self._value if whole else mask(self._kind, self._value)
        if self.text() != shown:
            self.setText(shown)  # setText does not emit textEdited

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._show()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._show()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.isReadOnly():
            self._revealed = True
            self._show()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._revealed:
            self._revealed = False
            self._show()
        super().mouseReleaseEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._revealed = False
        self._show()
        super().hideEvent(event)
