"""The rating strip (好差评) on a journey's end screen: five big level buttons in one
row; after a low level, the reasons to tick and 提交评价 in their place; then a
thank-you. Passive: it shows what it is given and says what was tapped; not tapping
is skipping, and the end screen's own buttons and timeout are untouched."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from flows.evaluation import Level, RatingPhase, Reason
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


def _two_lines(key: str) -> Source:
    """The string ``key`` broken at its first space: five English labels side by side
    ("Very dissatisfied") are wider than the page in large text; two lines are not
    taller than the button (Chinese has no spaces and stays on one line)."""
    return lambda lang: K(key)(lang).replace(" ", "\n", 1)


ChoiceT = TypeVar("ChoiceT", Level, Reason)


def _saying(chosen: Callable[[str], None], value: str) -> Callable[[], None]:
    """A button's slot that says ``value`` (bound now, not the loop's last)."""
    return lambda: chosen(value)


def _button_row(
    choices: type[ChoiceT], prefix: str, role: str, chosen: Callable[[str], None]
) -> tuple[QWidget, QHBoxLayout, dict[ChoiceT, TrButton]]:
    """One button a choice, side by side, sharing the width (``btn_<prefix>_<value>``,
    its words ``rating.<value>``); a tap says the choice's value to ``chosen``."""
    host = QWidget()
    row = QHBoxLayout(host)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(active_theme().px(12))
    buttons: dict[ChoiceT, TrButton] = {}
    for choice in choices:
        value = str(choice.value)
        button = TrButton(_two_lines(f"rating.{value}"), role, name=f"btn_{prefix}_{value}")
        button.clicked.connect(_saying(chosen, value))
        row.addWidget(button, 1)
        buttons[choice] = button
    return host, row, buttons


class RatingStrip(QFrame):
    """``btn_rate_<level>``, ``btn_reason_<reason>`` (checkable), ``btn_rating_send``
    and the label ``rating_thanks``; hidden until :meth:`show_rating` is given a phase
    other than closed."""

    level_chosen = Signal(str)
    reason_toggled = Signal(str)
    send_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating_strip")
        self.setProperty("role", "card")
        t = active_theme()
        # one row (the words, then the buttons): the end screens have little height to
        # spare, in large text least of all
        box = QHBoxLayout(self)
        box.setContentsMargins(t.px(20), t.px(8), t.px(20), t.px(8))
        box.setSpacing(t.px(16))
        self.prompt = TrLabel(K("rating.prompt"), "body", name="rating_prompt")
        # its own line breaks only: wrapped at the width it is given it took three lines
        self.prompt.setWordWrap(False)
        box.addWidget(self.prompt)
        self.levels, _, self.level_buttons = _button_row(
            Level, "rate", "secondary", self.level_chosen.emit
        )
        box.addWidget(self.levels, 1)
        self.reasons, reasons_row, self.reason_buttons = _button_row(
            Reason, "reason", "tile", self.reason_toggled.emit
        )
        for button in self.reason_buttons.values():
            button.setCheckable(True)  # a tile shows its ticked state
            # as tall as the send button beside it, not a list row's height
            button.setStyleSheet(f"padding: 0 {t.px(12)}px;")
        self.send = TrButton(K("rating.send"), "primary", name="btn_rating_send")
        self.send.clicked.connect(self.send_clicked)
        reasons_row.addWidget(self.send)
        box.addWidget(self.reasons, 1)
        self.thanks = TrLabel(K("rating.thanks"), "title", name="rating_thanks")
        self.thanks.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.thanks, 1)
        self.show_rating(RatingPhase.CLOSED)

    def show_rating(
        self,
        phase: RatingPhase,
        level: Level | None = None,
        reasons: frozenset[Reason] = frozenset(),
    ) -> None:
        """The levels to choose, the reasons after ``level`` (those in ``reasons``
        ticked), or the thanks; nothing at all while closed."""
        self.setVisible(phase is not RatingPhase.CLOSED)
        choosing = phase is RatingPhase.REASONS
        self.prompt.setVisible(phase in (RatingPhase.OFFERED, RatingPhase.REASONS))
        self.prompt.set_source(K("rating.reasons" if choosing else "rating.prompt"))
        self.levels.setVisible(phase is RatingPhase.OFFERED)
        self.reasons.setVisible(choosing)
        for reason, button in self.reason_buttons.items():
            button.setChecked(reason in reasons)
        self.thanks.setVisible(phase is RatingPhase.THANKED)
        self.setProperty("level", level.value if level else "")
