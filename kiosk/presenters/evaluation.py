"""The rating after a journey (好差评) on the journeys' end screens: the one
:class:`flows.evaluation.EvaluationFlow` of the kiosk, shown on the strip of the end
screen on show; the strip's taps go to the flow.

A journey's presenter offers the rating when its end screen renders
(:meth:`EvaluationPart.offer`) and withdraws it when the journey is over; the flow
sends what was chosen (a low level without its reasons goes as it stands)."""

from __future__ import annotations

import weakref

from flows.evaluation import EvaluationFlow, Level, RatedJourney, RatingPhase, Reason
from kiosk.ui.widgets.rating_strip import RatingStrip


class EvaluationPart:
    def __init__(self, flow: EvaluationFlow) -> None:
        self.flow = flow
        #: the strip on the end screen on show (None: no end screen shows)
        self._strip: RatingStrip | None = None
        #: the strips whose taps already reach the flow (a large-text rebuild makes new)
        self._wired: weakref.WeakSet[RatingStrip] = weakref.WeakSet()
        flow.subscribe(self._render)

    def offer(
        self, strip: RatingStrip, journey: RatedJourney, case_code: str | None = None
    ) -> None:
        """``strip``'s end screen shows, for ``journey`` (its case, if any)."""
        if strip not in self._wired:
            self._wired.add(strip)
            strip.level_chosen.connect(lambda value: self.flow.rate(Level(value)))
            strip.reason_toggled.connect(lambda value: self.flow.toggle_reason(Reason(value)))
            strip.send_clicked.connect(self.flow.send_reasons)
        self._strip = strip
        self.flow.offer(journey, case_code)
        self._render()

    def withdraw(self) -> None:
        """The journey is over: its end screen has gone."""
        if self._strip is not None:
            self._strip.show_rating(RatingPhase.CLOSED)
        self._strip = None
        self.flow.withdraw()

    def _render(self) -> None:
        if self._strip is not None:
            self._strip.show_rating(self.flow.phase, self.flow.level, self.flow.reasons)
