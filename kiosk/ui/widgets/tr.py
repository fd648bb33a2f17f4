"""Labels and buttons that re-render themselves when the language changes.

A widget holds a *source*, never a translated string: an i18n key with fields
(:func:`K`), a :class:`Text` from the flows, a plain string (names, codes), or a
callable ``lang -> str``. :func:`retranslate_tree` re-renders a whole window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from device_contracts import Text
from kiosk import i18n

Source = str | Text | Callable[[str], str] | None

_lang: list[str] = [i18n.DEFAULT_LANG]


def current_lang() -> str:
    return _lang[0]


def set_current_lang(lang: str) -> None:
    _lang[0] = i18n.normalize(lang)


def K(key: str, **fields: object) -> Callable[[str], str]:
    """Source for the UI string ``key``; :class:`Text` and callable fields are rendered too."""

    def render(lang: str) -> str:
        rendered = {
            k: v.get(lang) if isinstance(v, Text) else v(lang) if callable(v) else v
            for k, v in fields.items()
        }
        return i18n.tr(key, lang, **rendered)

    return render


def render(source: Source, lang: str | None = None) -> str:
    lang = lang or current_lang()
    if source is None:
        return ""
    if isinstance(source, str):
        return source
    if isinstance(source, Text):
        return i18n.text(source, lang)
    return source(lang)


def set_role(widget: QWidget, role: str, kind: str | None = None) -> None:
    """Set the style-sheet role (and kind) of ``widget`` and re-polish it."""
    widget.setProperty("role", role)
    if kind is not None:
        widget.setProperty("kind", kind)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class _Translated:
    """What a translated label and a translated button share: their source, rendered
    in the current language whenever it changes or the language does."""

    _source: Source

    def set_source(self, source: Source) -> None:
        self._source = source
        self.retranslate()

    def retranslate(self) -> None:
        cast("QLabel | QPushButton", self).setText(render(self._source))


class TrLabel(_Translated, QLabel):
    def __init__(
        self,
        source: Source = None,
        role: str = "body",
        parent: QWidget | None = None,
        *,
        wrap: bool = True,
        align: Qt.AlignmentFlag | None = None,
        name: str = "",
    ) -> None:
        super().__init__(parent)
        self._source: Source = source
        self.setProperty("role", role)
        self.setWordWrap(wrap)
        self.setTextFormat(Qt.TextFormat.PlainText)
        if align is not None:
            self.setAlignment(align)
        if name:
            self.setObjectName(name)
        self.retranslate()


class TrButton(_Translated, QPushButton):
    def __init__(
        self,
        source: Source = None,
        role: str = "secondary",
        parent: QWidget | None = None,
        *,
        name: str = "",
    ) -> None:
        super().__init__(parent)
        self._source: Source = source
        self.setProperty("role", role)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        if name:
            self.setObjectName(name)
        self.retranslate()


def retranslate_tree(root: QWidget) -> None:
    """Re-render every translatable widget under ``root`` (and ``root`` itself)."""
    widgets: list[QWidget] = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if isinstance(w, TrLabel | TrButton):
            w.retranslate()
        hook = getattr(w, "retranslate_ui", None)
        if callable(hook):
            hook()
