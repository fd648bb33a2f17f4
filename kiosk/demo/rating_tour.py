"""The tours' rating (好差评) on a journey's end screen, as a resident gives it: the
strip shot, a level tapped; after a low level a reason ticked and 提交评价; the thanks
shot. Called once at the end of a tour's journey, before its 完成."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel

if TYPE_CHECKING:
    from kiosk.demo.tour import TourDriver


def rate_service(
    d: TourDriver, label: str, level: str = "dissatisfied", reasons: Sequence[str] = ("long_wait",)
) -> None:
    """On the end screen on show: ``level`` (a :class:`flows.evaluation.Level` value)
    and, for a low one, ``reasons``; shots named ``<label>-rating-...``."""
    w = d.window
    d.click(f"btn_rate_{level}")  # waits until the strip offers it
    if w.find_button("btn_rating_send") is not None:  # a low level: its reasons
        for reason in reasons:
            d.click(f"btn_reason_{reason}")
        d.shot(f"{label}-rating-reasons")
        d.click("btn_rating_send")

    def thanked() -> bool:
        thanks = w.current_screen().findChild(QLabel, "rating_thanks")
        return thanks is not None and thanks.isVisibleTo(w)

    d.wait_until("the thanks for the rating", thanked)
    d.shot(f"{label}-rating-thanks")
