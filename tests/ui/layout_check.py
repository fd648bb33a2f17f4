"""What a resident cannot read on a screen: a widget cut off or overlapped (issue 19
item 10). :func:`layout_faults` walks every visible widget of the window and names:

- ``outside``: a widget reaching outside the window, or outside its parent (Qt clips it
  there), except content in a scroll area, which may reach below its viewport (it
  scrolls) but not past its sides (the kiosk's scroll areas never scroll sideways);
- ``text cut``: a label whose text needs more lines (word wrap) or more width than its
  box shows; a button whose text is wider than the button;
- ``overlap``: two visible siblings whose boxes intersect;
- ``below the fold``: a widget marked ``must_read`` (what the resident must read before
  the answer below it) not wholly in view without scrolling.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QScrollBar,
    QStackedWidget,
    QWidget,
)

#: a pixel of rounding (fractional scaling, a border drawn half outside)
SLACK = 2


def _in_window(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = f" {widget.text()[:30]!r}"
    return f"{type(widget).__name__}({widget.objectName() or '-'}){text}"


def _scroll_viewport(widget: QWidget) -> QWidget | None:
    """The viewport of the scroll area ``widget`` lies in, if any."""
    parent = widget.parentWidget()
    while parent is not None:
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and area.viewport() is parent:
            return parent
        parent = area
    return None


def _text_cut(widget: QWidget) -> str | None:
    if isinstance(widget, QLabel) and widget.text() and widget.pixmap().isNull():
        box = widget.contentsRect()
        margin = widget.margin() * 2
        metrics = QFontMetrics(widget.font())
        text = widget.text()
        if widget.wordWrap():
            need = metrics.boundingRect(
                QRect(0, 0, box.width() - margin, 1_000_000),
                int(Qt.TextFlag.TextWordWrap | widget.alignment()),
                text,
            )
            if need.height() > box.height() - margin + SLACK:
                return f"needs {need.height()} px of height, has {box.height() - margin}"
        else:
            lines = text.split("\n")
            wide = max(metrics.horizontalAdvance(line) for line in lines)
            high = metrics.lineSpacing() * len(lines)
            if wide > box.width() - margin + SLACK:
                return f"needs {wide} px of width, has {box.width() - margin}"
            if high > box.height() - margin + metrics.leading() + SLACK + 4:
                return f"needs {high} px of height, has {box.height() - margin}"
    if isinstance(widget, QAbstractButton) and widget.text():
        metrics = QFontMetrics(widget.font())
        wide = max(metrics.horizontalAdvance(line) for line in widget.text().split("\n"))
        if wide > widget.width() - SLACK:
            return f"text {wide} px wide, button {widget.width()} px"
    return None


def _visible_children(widget: QWidget) -> list[QWidget]:
    return [
        c
        for c in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if c.isVisible() and not c.isWindow()
    ]


def layout_faults(window: QWidget, *, ignore: tuple[QWidget, ...] = ()) -> list[str]:
    """Every fault in ``window`` as it shows now (empty: all of it can be read)."""
    faults: list[str] = []
    frame = window.rect()

    def walk(widget: QWidget) -> None:
        children = [c for c in _visible_children(widget) if c not in ignore]
        box = _in_window(widget, window)
        viewport = _scroll_viewport(widget)
        scrolled = viewport is not None
        if not isinstance(widget, QScrollBar):
            cut = _text_cut(widget)
            if cut:
                faults.append(f"text cut: {_name(widget)}: {cut}")
        parent = widget.parentWidget()
        if parent is not None and widget is not window:
            outer = _in_window(parent, window)
            area = parent.parentWidget()
            in_viewport = isinstance(area, QAbstractScrollArea) and area.viewport() is parent
            if in_viewport:
                # the scrolled content: its sides within the viewport's, its height free
                if box.left() < outer.left() - SLACK or box.right() > outer.right() + SLACK:
                    faults.append(f"outside: {_name(widget)} {box} beyond the sides of {outer}")
            elif not outer.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
                faults.append(f"outside: {_name(widget)} {box} outside {_name(parent)} {outer}")
        if not scrolled and not frame.adjusted(-SLACK, -SLACK, SLACK, SLACK).contains(box):
            faults.append(f"outside: {_name(widget)} {box} outside the window")
        if widget.property("must_read"):
            seen = _seen_rect(widget, window)
            if seen != box:
                faults.append(f"below the fold: {_name(widget)} {box}, in view {seen}")
        if not isinstance(widget, QStackedWidget | QAbstractScrollArea):
            rects = [(c, c.geometry()) for c in children]
            for i, (a, ra) in enumerate(rects):
                for b, rb in rects[i + 1 :]:
                    both = ra.intersected(rb)
                    if both.width() > SLACK and both.height() > SLACK:
                        faults.append(f"overlap: {_name(a)} {ra} and {_name(b)} {rb}")
        for child in children:
            walk(child)

    walk(window)
    return faults


def _seen_rect(widget: QWidget, window: QWidget) -> QRect:
    """The part of ``widget`` in view: clipped by every ancestor, the window too."""
    seen = _in_window(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        seen = seen.intersected(_in_window(parent, window))
        parent = parent.parentWidget()
    return seen.intersected(window.rect())
