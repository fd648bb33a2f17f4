"""电子证照 on the materials and review screens: the card holder's licences stand in for
the paper (no deferral offered for them), shot in Chinese, English and large text."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit

from device_contracts import Completion, Text
from flows.domain import ELicence
from kiosk.main_window import MainWindow
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui


def _licence(code: str, holder: str) -> ELicence:
    return ELicence(code, Text("证照", "Licence"), f"NO-{code}", holder, Text("发证机关", "Issuer"))


def to_materials(ui: UiEnv, lang: str, large: bool, licences: int) -> MainWindow:
    """Card read, ``licences`` licences loaded, HUKOU chosen, the form filled: on the
    materials step."""
    flow = ui.declaration
    w = ui.window(lang, large)
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    ui.wait(lambda: len(flow.session.licences) == licences)
    screen = w.current_screen()
    for key, value in (("phone", "13800138000"), ("move_date", "2026-12-01")):
        edit = screen.findChild(QLineEdit, f"field_{key}")
        assert edit is not None
        ui.qtbot.keyClicks(edit, value)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    return w


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_licensed_materials_need_no_paper(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    holder = sample_card().id_number
    ui.platform.licences[holder] = [
        _licence("hukou_book", holder),
        _licence(MARRIAGE_CERT, holder),
    ]
    flow = ui.declaration
    w = to_materials(ui, lang, large, licences=2)

    licensed = "✓ 已调取您的电子证照" if lang == "zh" else "✓ Your electronic licence"
    ui.wait(lambda: ui.label(w, "status_hukou_book").text().startswith(licensed))
    assert ui.label(w, f"status_{MARRIAGE_CERT}").text().startswith(licensed)
    assert w.find_button(f"btn_defer_{MARRIAGE_CERT}") is None, "nothing to hand in later"
    assert w.find_button("btn_capture_hukou_book") is not None, "paper is still welcome"
    ui.shot(w, f"21-capturing-licences-{tag}")

    ui.click(w, "btn_capture_id_card_copy")
    ui.wait(lambda: len(flow.session.pages) == 1 and not flow.session.capturing)
    ui.wait(lambda: len(flow.session.readings) == 1)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    word = "电子证照" if lang == "zh" else "Electronic licence"
    assert ui.label(w, "review_material_hukou_book").text() == word
    assert ui.label(w, f"review_material_{MARRIAGE_CERT}").text() == word
    ui.shot(w, f"21-reviewing-licences-{tag}")

    ui.click(w, "btn_submit")  # the fake drop door closes at once, the receipt prints
    ui.wait(lambda: w.current_screen_name() == "screen_done")
    listed = ui.label(w, "done_licensed").text()
    # both, by the matter's names for them
    assert listed.endswith(
        "居民户口簿、结婚证" if lang == "zh" else "Household register, Marriage certificate"
    ), listed
    assert not ui.label(w, "done_deferred").isVisibleTo(w), "nothing left to hand in later"
    ui.shot(w, f"21-done-licences-{tag}")


def to_done(ui: UiEnv, lang: str, large: bool, *, online: bool = True) -> MainWindow:
    """The household register by licence, the copy captured, the marriage certificate
    deferred, submitted (``online``: the platform answers, else it is queued): on the
    done screen (the fake door and printer answer at once)."""
    holder = sample_card().id_number
    ui.platform.licences[holder] = [_licence("hukou_book", holder)]
    flow = ui.declaration
    w = to_materials(ui, lang, large, licences=1)
    ui.click(w, "btn_capture_id_card_copy")
    ui.wait(lambda: len(flow.session.pages) == 1 and not flow.session.capturing)
    ui.click(w, f"btn_defer_{MARRIAGE_CERT}")
    ui.wait(lambda: len(flow.session.readings) == 1)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    ui.platform.online = online
    ui.click(w, "btn_submit")
    ui.wait(lambda: w.current_screen_name() == "screen_done")
    return w


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_done_with_a_licence_and_a_deferral(ui: UiEnv, lang: str, large: bool) -> None:
    """The household register by licence, the marriage certificate deferred: the done
    page lists both and still fits, in large text too."""
    w = to_done(ui, lang, large)
    assert ui.label(w, "done_licensed").isVisibleTo(w)
    assert ui.label(w, "done_deferred").isVisibleTo(w)
    ui.shot(w, f"21-done-licence-and-deferral-{lang}{'-large' if large else ''}")
