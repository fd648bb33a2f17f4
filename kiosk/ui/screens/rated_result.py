"""A result page with the rating strip (好差评) under its card: the pickup's end."""

from __future__ import annotations

from typing import Any

from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.widgets.rating_strip import RatingStrip


class RatedResultScreen(ResultScreen):
    """:class:`ResultScreen` (same arguments) with ``rating`` under the card."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rating = RatingStrip()
        # above the page's lower space (the last item of the root)
        self.root.insertWidget(self.root.count() - 1, self.rating)
