"""The large-text walk's checker finds what it is there to find (tests/ui/layout_check.py):
a label cut off, a button's text wider than it, two siblings over each other, content
past a scroll area's sides, a must-read line below the fold; and nothing in a clean
layout."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.layout_check import layout_faults

pytestmark = pytest.mark.ui


def _window(qtbot: QtBot) -> QWidget:
    w = QWidget()
    w.resize(600, 400)
    qtbot.addWidget(w)
    return w


def test_a_clean_layout_has_no_fault(qtbot: QtBot) -> None:
    w = _window(qtbot)
    layout = QVBoxLayout(w)
    layout.addWidget(QLabel("A line that fits"))
    layout.addWidget(QPushButton("OK"))
    w.show()
    qtbot.waitExposed(w)
    assert layout_faults(w) == []


def test_cut_off_overlapped_and_below_the_fold_are_found(qtbot: QtBot) -> None:
    w = _window(qtbot)
    cut = QLabel("a long sentence that cannot fit in forty pixels", w)
    cut.setWordWrap(True)
    cut.setGeometry(0, 0, 40, 20)
    narrow = QPushButton("A button with a long text", w)
    narrow.setGeometry(0, 100, 50, 40)
    over = QLabel("x", w)
    over.setGeometry(20, 110, 50, 40)  # over the button
    outside = QLabel("y", w)
    outside.setGeometry(580, 380, 50, 50)  # past the window's corner
    area = QScrollArea(w)
    area.setGeometry(200, 0, 300, 200)
    content = QWidget()
    content.setMinimumSize(400, 600)  # wider than the viewport: cut at its side
    late = QLabel("read me first", content)
    late.setGeometry(0, 500, 200, 30)
    late.setProperty("must_read", True)
    area.setWidget(content)
    w.show()
    qtbot.waitExposed(w)
    faults = "\n".join(layout_faults(w))
    assert "text cut: QLabel" in faults, faults
    assert "text cut: QPushButton" in faults, faults
    assert "overlap:" in faults, faults
    assert "outside the window" in faults, faults
    assert "beyond the sides" in faults, faults
    assert "below the fold: QLabel(-) 'read me first'" in faults, faults
