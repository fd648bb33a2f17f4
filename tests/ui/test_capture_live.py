"""The materials screen, live (issue 18 item 2): the document camera's picture with the
page outline, what to do now and why a page cannot be taken (a blurred page is never
taken, and the screen says so), the auto-capture of a still page, once, shown large for a
moment before it joins the list; the picture's buffers are gone once the screen leaves.
The real OpenCV camera films a simulated plate at 20 fps. Shot in Chinese, English and
large text."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QLabel

from device_contracts import Completion, PageStep
from devices.camera.opencv_camera import OpenCvDocumentCamera
from devices.camera.sim_desk import SimulatedDesk
from flows.declaration import DeclarationFlow
from flows.ocr import OcrReading, PageRead
from kiosk import i18n
from kiosk.main_window import MainWindow
from kiosk.ui.screens.capture import CaptureScreen
from kiosk.voice import RecordingSpeaker, VoicePrompter
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU
from tests.ui.conftest import MODE_IDS, MODES, UiEnv

pytestmark = pytest.mark.ui


def with_plate(ui: UiEnv, desk: SimulatedDesk) -> DeclarationFlow:
    """The UI env's declaration, its document camera the real one filming ``desk``."""
    camera = OpenCvDocumentCamera(lambda: desk.source(fps=20, realtime=True), still_s=0.8)
    camera.open()
    return ui.declare_on(dataclasses.replace(ui.devices.device_set(), document_camera=camera))


def to_materials(ui: UiEnv, w: MainWindow) -> CaptureScreen:
    flow = ui.declaration
    ui.devices.id_reader.reads.push(Completion.success(sample_card()))
    ui.declare_to_card(w, HUKOU)
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form", timeout=15000)
    flow.set_field("phone", "13800138000")
    flow.set_field("move_date", "2026-12-01")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing", timeout=10000)
    return w.declaration.screens.capturing


def text(w: MainWindow, name: str) -> str:
    label = w.current_screen().findChild(QLabel, name)
    return label.text() if label is not None and label.isVisible() else ""


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_the_live_page_its_hint_then_one_auto_capture(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    desk = SimulatedDesk()
    flow = with_plate(ui, desk)
    w = ui.window(lang, large)
    screen = to_materials(ui, w)
    ui.wait(lambda: screen.preview.has_frame(), timeout=10000)  # the empty plate, live
    assert text(w, "page_prompt") == i18n.tr("capture.live.step.place", lang)
    target = text(w, "page_target")
    assert target and target == i18n.tr("capture.live.target", lang, name=_name(lang))
    ui.shot(w, f"capture-live-1-place-{tag}")
    # a page lifted off the plate: blurred, outlined, never taken, and the screen says why
    desk.place(0, blurred=True)
    blurred = i18n.tr("capture.live.hint.blurred", lang)
    ui.wait(lambda: text(w, "page_hint") == blurred, timeout=10000)
    ui.wait(lambda: screen.preview._outline is not None, timeout=5000)
    ui.shot(w, f"capture-live-2-blurred-{tag}")
    ui.qtbot.wait(2000)  # well past the second it takes a still page
    assert flow.session.pages == []
    assert text(w, "page_hint") == blurred
    # laid flat: taken by itself, shown large, then on the list; once
    desk.steady()
    ui.wait(lambda: len(flow.session.pages) == 1, timeout=15000)
    ui.wait(lambda: screen.preview.showing_taken(), timeout=2000)
    ui.shot(w, f"capture-live-3-taken-{tag}")
    assert flow.session.pages[0].material_code == "hukou_book"
    ui.wait(lambda: flow.session.page_prompt is not None)
    ui.wait(lambda: text(w, "page_prompt") == i18n.tr("capture.live.step.taken", lang), 10000)
    ui.wait(lambda: not screen.preview.showing_taken(), timeout=5000)
    ui.qtbot.wait(1500)
    assert len(flow.session.pages) == 1, "the page still lying there is not taken twice"
    assert w.find_button("btn_remove_page_0") is not None
    assert flow.session.page_prompt is not None
    assert flow.session.page_prompt.step is PageStep.TAKEN
    ui.shot(w, f"capture-live-4-listed-{tag}")
    # the screen leaves: nothing of the picture is held any more, the camera stops
    ui.click(w, "btn_back")
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    assert not screen.preview.has_frame() and not screen.preview.mailbox.holds_frame()
    assert not screen.preview.showing_taken()
    offered = screen.preview.mailbox.offered
    ui.qtbot.wait(300)
    assert screen.preview.mailbox.offered == offered, "the camera stopped feeding the screen"


def _name(lang: str) -> str:
    return "居民户口簿" if lang == "zh" else "Household register"


def test_capture_by_hand_takes_the_page_for_its_material(ui: UiEnv) -> None:
    desk = SimulatedDesk()
    flow = with_plate(ui, desk)
    w = ui.window("zh")
    to_materials(ui, w)
    desk.place(1, blurred=True)  # the resident decides: taken even though blurred
    ui.click(w, "btn_capture_marriage_cert")
    ui.wait(lambda: len(flow.session.pages) == 1, timeout=15000)
    assert flow.session.pages[0].material_code == "marriage_cert"


def test_the_last_page_surely_another_kind_is_said_on_the_live_picture(ui: UiEnv) -> None:
    """No OCR on preview frames: the wrong-kind hint comes from the page taken, once
    the classifier said surely what it is (an "unknown" reading says nothing)."""
    desk = SimulatedDesk()
    flow = with_plate(ui, desk)
    w = ui.window("en")
    speaker = RecordingSpeaker()
    VoicePrompter(w, speaker, lambda: w.lang, parent=w)
    to_materials(ui, w)
    desk.place(0)
    ui.wait(lambda: len(flow.session.pages) == 1, timeout=15000)
    taken = i18n.tr("voice.page_taken", "en")
    ui.wait(lambda: any(text == taken for _lang, text in speaker.said))  # said, once
    ui.wait(lambda: len(flow.session.readings) == 1, timeout=15000)
    assert flow.session.readings[0].reading.doc_type == "unknown"
    assert text(w, "page_hint") == ""  # not sure: nothing said
    page = flow.session.pages[0]
    flow.session.readings[0] = PageRead(page, OcrReading("marriage", False))
    flow._changed()
    ui.wait(lambda: text(w, "page_prompt") == i18n.tr("capture.live.step.taken", "en"))
    wrong = i18n.tr("capture.live.hint.wrong_kind", "en", name="Household register")
    ui.wait(lambda: text(w, "page_hint") == wrong)
    ui.shot(w, "capture-live-wrong-kind-en")
    assert [text for _lang, text in speaker.said].count(taken) == 1
