"""The simulated resident at the document camera, for the tours and the end-to-end tests:
they read what the materials screen SAYS (its prompt and hint labels, as a person reads
them) and do that to the plate: lay a page when asked, lay it flat when told it is
blurred, take the hand off it when told, take it away once it is taken. A screen that says the wrong thing leaves the
page where it is, and the journey stalls."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk import i18n

if TYPE_CHECKING:
    from kiosk.main_window import MainWindow

PROMPT_LABEL = "page_prompt"
HINT_LABEL = "page_hint"


def rendered(window: MainWindow, name: str) -> str:
    """The text label ``name`` of the materials screen shows now ("" when hidden or when
    another screen is up)."""
    from PySide6.QtWidgets import QLabel

    if window.current_screen_name() != "screen_capturing":
        return ""
    label = window.current_screen().findChild(QLabel, name)
    return label.text() if label is not None and label.isVisible() else ""


def says(window: MainWindow, name: str, key: str) -> bool:
    """Does label ``name`` say the string ``key``, in either language?"""
    entry = i18n.STRINGS.get(key)
    text = rendered(window, name).strip()
    return entry is not None and bool(text) and text in (entry.zh, entry.en)


def asks_for_a_page(window: MainWindow) -> bool:
    return says(window, PROMPT_LABEL, "capture.live.step.place")


def says_blurred(window: MainWindow) -> bool:
    return says(window, HINT_LABEL, "capture.live.hint.blurred")


def says_hand(window: MainWindow) -> bool:
    return says(window, HINT_LABEL, "capture.live.hint.hand")


def says_taken(window: MainWindow) -> bool:
    return says(window, PROMPT_LABEL, "capture.live.step.taken")
