"""办事指南 / 一次性告知 before the ID card: choosing a matter shows its materials (which
may come from an e-licence, which may follow later), the fee, the time limit, how the
result comes back and a QR of the guide; the resident leaves without identifying, or
continues to the card. Shot in Chinese, English and large text (issue 19 item 7)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from device_contracts import Completion
from kiosk.ui.widgets.qr import QrCodeWidget
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui

EXPECTED = {
    "zh": {
        "fee": "工本费 8 元",
        "days": "10 个工作日",
        "licence": "可调用电子证照",
        "later": "容缺，10 日内补交",
        "delivery": ["自助柜取件（凭取件码）", "邮寄（EMS）", "窗口领取"],
    },
    "en": {
        "fee": "Fee 8 yuan",
        "days": "10 working days",
        "licence": "May come from your electronic licence",
        "later": "Later, within 10 days",
        "delivery": [
            "Pickup locker (with a pickup code)",
            "By post (EMS)",
            "At the service window",
        ],
    },
}


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_the_guide_comes_before_the_card_and_leaving_keeps_nothing(
    ui: UiEnv, lang: str, large: bool
) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    want = EXPECTED[lang]
    flow = ui.declaration
    w = ui.window(lang, large)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_declare")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_matter")
    assert ui.devices.id_reader.reads.calls == 0, "no card before the matter"
    ui.click(w, f"btn_matter_{HUKOU}")
    ui.wait(lambda: w.current_screen_name() == "screen_guide")

    assert ui.label(w, "guide_fee").text() == want["fee"]
    assert ui.label(w, "guide_days").text() == want["days"]
    assert want["licence"] in ui.label(w, "guide_material_hukou_book").text()
    marriage = ui.label(w, f"guide_material_{MARRIAGE_CERT}").text()
    assert want["licence"] in marriage and want["later"] in marriage
    assert want["licence"] not in ui.label(w, "guide_material_id_card_copy").text()
    assert ui.label(w, "guide_delivery").text().split("\n") == want["delivery"]
    qr = w.current_screen().findChild(QrCodeWidget, "guide_qr")
    assert qr is not None and qr.isVisible()
    assert qr.data() == f"http://127.0.0.1:8000/guides/{HUKOU}"
    for name in ("btn_guide_continue", "btn_guide_leave"):
        button = w.find_button(name)
        assert button is not None and button.isVisible() and button.isEnabled()
        assert _inside(button, w), f"{name} is cut off"
    ui.shot(w, f"guide-{tag}")

    ui.click(w, "btn_guide_leave")
    ui.wait(lambda: w.current_screen_name() == "screen_home")
    assert str(flow.state) == "idle"
    assert flow.session.matter is None and flow.session.card is None
    assert ui.devices.id_reader.reads.calls == 0, "the resident never laid a card"


@pytest.mark.parametrize(("lang", "large"), [("zh", False), ("en", True)], ids=["zh", "en-large"])
def test_continuing_from_the_guide_asks_for_the_card_then_fills_the_form(
    ui: UiEnv, lang: str, large: bool
) -> None:
    w = ui.window(lang, large)
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_reading_card")
    ui.devices.id_reader.reads.complete_pending(Completion.success(sample_card()))
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert ui.declaration.session.form["name"] == sample_card().name
    # back from the form: the guide again, then the matters; no second card read
    ui.click(w, "btn_back")
    ui.wait(lambda: w.current_screen_name() == "screen_guide")
    ui.click(w, "btn_guide_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert ui.devices.id_reader.reads.calls == 1


def _inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, widget.rect().topLeft())
    bottom_right = widget.mapTo(window, widget.rect().bottomRight())
    return window.rect().contains(top_left) and window.rect().contains(bottom_right)
