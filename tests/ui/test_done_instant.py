"""秒批 on the done screen (issue 21.2): when the platform's sealed approval came back
with the submission, the page says so with the decision's time, in Chinese, English
and large text (read whole); a case queued offline shows no decision (it comes later
through the progress lookup)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from flows.domain import InstantDecision
from tests.ui.conftest import MODE_IDS, MODES, UiEnv
from tests.ui.layout_check import layout_faults
from tests.ui.test_screens_licences import to_done

pytestmark = pytest.mark.ui

DECIDED = datetime(2026, 12, 7, 9, 30, tzinfo=timezone(timedelta(hours=8)))
INSTANT_TITLE = {"zh": "已办结（秒批）", "en": "Approved at once"}


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_an_instant_approval_is_said_with_its_time(ui: UiEnv, lang: str, large: bool) -> None:
    ui.platform.instant = InstantDecision(approved=True, decided_at=DECIDED)
    w = to_done(ui, lang, large)
    assert ui.label(w, "done_title").text() == INSTANT_TITLE[lang]
    instant = ui.label(w, "done_instant")
    assert instant.isVisibleTo(w) and "2026-12-07 09:30" in instant.text()
    ui.shot(w, f"21-done-instant-{lang}{'-large' if large else ''}")
    if large:
        ui.qtbot.wait(60)  # let layouts settle
        assert not layout_faults(w), layout_faults(w)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_decision_no_approval(ui: UiEnv, lang: str) -> None:
    """What a case without a believed decision shows: an ordinary matter, or one whose
    forged decision the client dropped (tests/offline_cache/test_instant_decision.py)."""
    w = to_done(ui, lang, False)
    assert ui.label(w, "done_title").text() != INSTANT_TITLE[lang]
    assert not ui.label(w, "done_instant").isVisibleTo(w)


def test_a_queued_case_shows_no_decision(ui: UiEnv) -> None:
    ui.platform.instant = InstantDecision(approved=True, decided_at=DECIDED)
    w = to_done(ui, "zh", False, online=False)  # queued: the fake answers no decision
    assert ui.label(w, "done_queued").isVisibleTo(w)
    assert not ui.label(w, "done_instant").isVisibleTo(w)
