"""告知承诺制 through the UI (issue 21.6): a simulated resident reads the commitment to
its end (签署 greyed before), taps a dot on the pad (refused, the reason said, 重签
clears it), signs a name with the mouse, finds the replaced material not asked for, and
sees the signature on the review; the case carries the strokes drawn. Shot in Chinese,
English and large text."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QScrollArea
from pytestqt.qtbot import QtBot

from device_contracts import Completion
from flows.commitment import TOO_FEW_POINTS
from flows.domain import Catalog
from kiosk.main_window import MainWindow
from kiosk.ui.widgets.signature import SignaturePad
from tests.fakes.commitment import FORM, with_commitment
from tests.fakes.devices import sample_card
from tests.fakes.platform import RESIDENCE
from tests.ui.conftest import MODE_IDS, MODES, GatedPlatform, UiEnv
from tests.ui.layout_check import layout_faults

pytestmark = pytest.mark.ui


class CommitmentPlatform(GatedPlatform):
    def catalog(self) -> Catalog:
        return with_commitment(super().catalog())


@pytest.fixture
def env(qtbot: QtBot, shots: Path) -> Iterator[UiEnv]:
    ui = UiEnv(qtbot, shots, platform=CommitmentPlatform())
    yield ui
    for w in ui.windows:
        w.idle.stop()
    ui.declaration.reset()
    ui.collection.reset()


def _pad(w: MainWindow) -> SignaturePad:
    pad = w.current_screen().findChild(SignaturePad, "signature_pad")
    assert pad is not None
    return pad


def _draw(pad: SignaturePad, points: list[QPoint]) -> None:
    """One stroke as a finger or mouse draws it: press, moves, release."""
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for p in points[1:]:
        QTest.mouseMove(pad, p)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[-1])


def _sign_a_name(pad: SignaturePad) -> None:
    """Two strokes of a hand-written name across the pad's middle."""
    w, h = pad.width(), pad.height()
    first = [
        QPoint(int(w * (0.15 + 0.3 * i / 40)), int(h * (0.5 + 0.2 * math.sin(i / 3))))
        for i in range(41)
    ]
    second = [QPoint(int(w * (0.55 + 0.004 * i)), int(h * (0.3 + 0.012 * i))) for i in range(41)]
    _draw(pad, first)
    _draw(pad, second)


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_a_resident_reads_signs_and_the_commitment_replaces_the_permit(
    env: UiEnv, lang: str, large: bool
) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    flow = env.declaration
    w = env.window(lang, large)
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    env.declare_to_card(w, RESIDENCE)
    env.wait(lambda: w.current_screen_name() == "screen_filling_form")
    phone = w.current_screen().findChild(QLineEdit, "field_phone")
    assert phone is not None
    env.qtbot.keyClicks(phone, "13800138000")
    env.click(w, "btn_next")

    # the commitment: read to its end before 签署
    env.wait(lambda: w.current_screen_name() == "screen_commitment")
    assert env.label(w, "commitment_title").text() == FORM.title.get(lang)
    assert env.label(w, "commitment_consequence_1").text() == FORM.consequences[1].get(lang)
    sign = w.find_button("btn_commitment_sign")
    assert sign is not None and not sign.isEnabled(), "not read yet"
    env.shot(w, f"21-commitment-{tag}")
    assert not layout_faults(w), layout_faults(w)
    area = w.current_screen().findChild(QScrollArea, "commitment_scroll")
    assert area is not None
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum())  # the resident's finger scrolls to the end
    env.wait(lambda: sign.isEnabled())
    env.click(w, "btn_commitment_sign")

    # a dot is not a signature: the reason, then 重签
    env.wait(lambda: w.current_screen_name() == "screen_signing")
    pad = _pad(w)
    centre = QPoint(pad.width() // 2, pad.height() // 2)
    QTest.mouseClick(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    env.click(w, "btn_sign_confirm")
    env.wait(lambda: env.label(w, "signing_refusal").isVisible())
    assert env.label(w, "signing_refusal").text() == TOO_FEW_POINTS.get(lang)
    assert str(flow.state) == "signing"
    env.shot(w, f"21-signing-refused-{tag}")
    assert not layout_faults(w), layout_faults(w)
    env.click(w, "btn_sign_clear")
    env.wait(lambda: not env.label(w, "signing_refusal").isVisible())
    assert pad.strokes() == ()

    _sign_a_name(pad)
    drawn = pad.strokes()
    env.shot(w, f"21-signing-{tag}")
    assert not layout_faults(w), layout_faults(w)
    env.click(w, "btn_sign_confirm")

    # the materials: the permit is not asked for
    env.wait(lambda: w.current_screen_name() == "screen_capturing")
    assert w.find_button("btn_capture_permit") is None
    env.click(w, "btn_next")
    env.wait(lambda: w.current_screen_name() in {"screen_choosing_delivery", "screen_reviewing"})
    if w.current_screen_name() == "screen_choosing_delivery":
        env.click(w, "btn_delivery_locker")
    env.wait(lambda: w.current_screen_name() == "screen_reviewing")
    assert w.current_screen().findChild(object, "review_signature") is not None
    word = "已承诺" if lang == "zh" else "By commitment"
    assert env.label(w, "review_material_permit").text() == word
    env.shot(w, f"21-reviewing-commitment-{tag}")
    assert not layout_faults(w), layout_faults(w)

    env.click(w, "btn_submit")
    env.wait(lambda: w.current_screen_name() == "screen_done")
    replaced = "已签署告知承诺书，免交：居住证" if lang == "zh" else "Residence permit"
    assert env.label(w, "done_committed").text().endswith(replaced)
    draft = env.platform.drafts[0]
    assert draft.commitment is not None and draft.commitment.strokes == drawn
    assert draft.pages == ()
