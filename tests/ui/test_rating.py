"""好差评 on the end screens (issue 21 item 4): a simulated resident taps what the
strip shows: a level (one tap, thanked), a low level then reasons then 提交评价, or
a low level then 完成 (the rating goes as it stands; the journey ends as before).
zh/en, large text laid out whole; the strip's rating reaches the port with the case."""

from __future__ import annotations

import threading

import pytest

from device_contracts import Completion
from flows.evaluation import Evaluation, EvaluationFlow, Level, RatedJourney, Reason
from kiosk.main_window import MainWindow
from tests.ui.conftest import MODE_IDS, MODES, PICKUP_CODE, UiEnv
from tests.ui.layout_check import layout_faults
from tests.ui.test_screens_licences import to_done

pytestmark = pytest.mark.ui

THANKS = {"zh": "感谢您的评价", "en": "Thank you for your rating"}
LOW = {"zh": "不满意", "en": "Dissatisfied"}


class HeardRatings:
    """The platform as the rating sees it: what it was handed, in order (the outbox and
    its forwarding are tests/offline_cache/test_evaluation_outbox.py's)."""

    def __init__(self) -> None:
        self.heard: list[Evaluation] = []
        self._lock = threading.Lock()

    def submit_evaluation(self, evaluation: Evaluation) -> None:
        with self._lock:
            self.heard.append(evaluation)

    def hold_evaluation(self, evaluation: Evaluation) -> None:
        """A low level held at the tap is not a rating handed over yet."""


def _rated(ui: UiEnv, w: MainWindow) -> HeardRatings:
    port = HeardRatings()
    w.install_evaluation(EvaluationFlow(port, ui.loop))
    return port


def _done_rated(ui: UiEnv, lang: str, large: bool) -> tuple[MainWindow, HeardRatings]:
    w = to_done(ui, lang, large)
    port = _rated(ui, w)
    w.declaration.refresh()  # installed after the window came to the done screen
    ui.wait(lambda: w.find_button("btn_rate_dissatisfied") is not None)
    return w, port


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_a_low_rating_with_reasons_from_the_done_screen(ui: UiEnv, lang: str, large: bool) -> None:
    w, port = _done_rated(ui, lang, large)
    tag = f"{lang}{'-large' if large else ''}"
    assert ui.button_text(w, "btn_rate_dissatisfied") == LOW[lang]
    ui.shot(w, f"21-rating-offered-{tag}")
    if large:
        assert not layout_faults(w), layout_faults(w)
    ui.click(w, "btn_rate_dissatisfied")
    ui.wait(lambda: w.find_button("btn_reason_long_wait") is not None)
    assert w.find_button("btn_rate_satisfied") is None  # the levels make way for reasons
    ui.click(w, "btn_reason_long_wait")
    ui.click(w, "btn_reason_device_fault")
    ui.shot(w, f"21-rating-reasons-{tag}")
    if large:
        assert not layout_faults(w), layout_faults(w)
    ui.click(w, "btn_rating_send")
    ui.wait(lambda: port.heard)
    assert THANKS[lang] in ui.label(w, "rating_thanks").text()
    ui.shot(w, f"21-rating-thanks-{tag}")
    code = ui.declaration.session.result.code  # type: ignore[union-attr]
    rating = port.heard[0]
    assert (rating.journey, rating.case_code, rating.level) == (
        RatedJourney.DECLARATION,
        code,
        Level.DISSATISFIED,
    )
    assert rating.reasons == (Reason.LONG_WAIT, Reason.DEVICE_FAULT)
    ui.click(w, "btn_finish")  # the journey ends as it always did
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    assert len(port.heard) == 1


def test_a_low_level_then_finish_goes_as_it_stands(ui: UiEnv) -> None:
    w, port = _done_rated(ui, "zh", False)
    ui.click(w, "btn_rate_very_dissatisfied")
    ui.wait(lambda: w.find_button("btn_rating_send") is not None)
    ui.click(w, "btn_finish")  # no reasons: 完成 (or the done screen's timeout)
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    ui.wait(lambda: port.heard)
    assert (port.heard[0].level, port.heard[0].reasons) == (Level.VERY_DISSATISFIED, ())


def test_not_rating_is_skipping(ui: UiEnv) -> None:
    w, port = _done_rated(ui, "en", False)
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    assert port.heard == []
    assert w.find_button("btn_rate_satisfied") is None


@pytest.mark.parametrize(("lang", "large"), [MODES[0], MODES[3]], ids=["zh", "en-large"])
def test_one_tap_after_a_pickup(ui: UiEnv, lang: str, large: bool) -> None:
    ui.devices.lockers.closes.default = None
    w = ui.window(lang, large)
    port = _rated(ui, w)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_collect")
    ui.wait_state(ui.collection, "entering_code")
    for digit in PICKUP_CODE:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_collecting")
    ui.devices.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    tag = f"{lang}{'-large' if large else ''}"
    ui.shot(w, f"23-collect_done-rating-{tag}")
    if large:
        assert not layout_faults(w), layout_faults(w)
    ui.click(w, "btn_rate_very_satisfied")
    ui.wait(lambda: port.heard)
    assert ui.label(w, "rating_thanks").isVisibleTo(w)
    ui.shot(w, f"23-collect_done-thanks-{tag}")
    rating = port.heard[0]
    assert (rating.journey, rating.level, rating.reasons) == (
        RatedJourney.COLLECTION,
        Level.VERY_SATISFIED,
        (),
    )
    assert rating.case_code == ui.platform.tickets[PICKUP_CODE].case_code


def test_an_appointments_declaration_is_rated_as_the_appointment(ui: UiEnv) -> None:
    """The check-in's declaration (booked: its matter came with the appointment, as
    LookupPresenter's check-in starts it) is rated as the appointment journey."""
    w = to_done(ui, "zh", False)
    ui.declaration.session.booked = True  # what DeclarationFlow.start(matter_code=...) sets
    port = _rated(ui, w)
    w.declaration.refresh()
    ui.click(w, "btn_rate_satisfied")
    ui.wait(lambda: port.heard)
    assert port.heard[0].journey is RatedJourney.APPOINTMENT


def test_the_reasons_stay_ticked_across_a_switch_to_large_text(ui: UiEnv) -> None:
    """大字版 mid-rating rebuilds the screens: the new strip shows the same reasons, and
    its taps reach the same rating."""
    w, port = _done_rated(ui, "zh", False)
    ui.click(w, "btn_rate_dissatisfied")
    ui.click(w, "btn_reason_complicated")
    w.set_large_text(True)
    ui.wait(lambda: w.find_button("btn_reason_complicated") is not None)
    ticked = w.find_button("btn_reason_complicated")
    assert ticked is not None and ticked.isChecked()
    ui.click(w, "btn_reason_staff_attitude")
    ui.click(w, "btn_rating_send")
    ui.wait(lambda: port.heard)
    assert port.heard[0].reasons == (Reason.COMPLICATED, Reason.STAFF_ATTITUDE)
    assert len(port.heard) == 1
