"""告知承诺制: the commitment (承诺书) to read, with what it replaces and the legal
consequences of a false one, then the pad to sign it on by hand.

The commitment's 签署 stays greyed until its text was scrolled to the end (a text that
fits without scrolling counts as read once shown); the pad's 确认签名 hands the strokes
to the flow, which says why when they are not a signature, and 重签 clears the pad."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from device_contracts import Text
from flows.commitment import CommitmentForm, SignedCommitment
from flows.domain import Matter
from kiosk import i18n
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.signature import SignaturePad, SignatureView
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class CommitmentScreen(Screen):
    """``commitment_text`` (scrolled in ``commitment_scroll``), ``commitment_consequence_<i>``,
    ``commitment_replaces``; ``read_to_end`` once scrolled to the bottom;
    ``btn_commitment_sign`` (the footer's main button) goes on to the pad."""

    read_to_end = Signal()
    sign_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("commitment", parent)
        t = active_theme()
        self.add_heading(None, K("commitment.hint"))
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(0, 0, t.px(16), t.px(8))
        self._body.setSpacing(t.px(14))
        self.area: QScrollArea = scroll(body)
        self.area.setObjectName("commitment_scroll")
        self.area.verticalScrollBar().valueChanged.connect(self._check_end)
        self.area.verticalScrollBar().rangeChanged.connect(lambda _lo, _hi: self._check_end())
        self.root.addWidget(self.area, 1)
        self.progress = TrLabel(K("commitment.read_more"), "muted", name="commitment_progress")
        self.root.addWidget(self.progress)
        self.sign = TrButton(K("commitment.sign"), "primary", name="btn_commitment_sign")
        self.sign.setMinimumWidth(t.px(300))
        self.sign.clicked.connect(self.sign_clicked)
        self.primary_action = self.sign
        self._shown: CommitmentForm | None = None
        self._read = False

    def show_commitment(self, matter: Matter | None, read: bool) -> None:
        """The matter's form (rebuilt only when it is another one); ``read``: the flow
        knows it was read to the end."""
        form = matter.commitment if matter is not None else None
        self._read = read
        self.sign.setEnabled(read)
        self.progress.set_source(K("commitment.read_done" if read else "commitment.read_more"))
        if form is None or form is self._shown or matter is None:
            return
        self._shown = form
        self.title.set_source(form.title)
        clear_layout(self._body)
        t = active_theme()
        # what it replaces first: the heading's hint says "the materials below"
        names = tuple(m.name for m in matter.materials if m.code in form.replaces)
        replaces = TrLabel(_replaces(names), "ok", name="commitment_replaces")
        self._body.addWidget(replaces)
        text, text_layout = card()
        text_layout.addWidget(TrLabel(form.text, "body", name="commitment_text"))
        self._body.addWidget(text)
        warn, warn_layout = card()
        warn_layout.setSpacing(t.px(10))
        warn_layout.addWidget(TrLabel(K("commitment.consequences"), "title"))
        for i, line in enumerate(form.consequences):
            label = TrLabel(line, "warn", name=f"commitment_consequence_{i}")
            warn_layout.addWidget(label)
        self._body.addWidget(warn)
        self._body.addStretch(1)
        self.area.verticalScrollBar().setValue(0)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._check_end)  # once laid out: a short text needs no scroll

    def _check_end(self) -> None:
        bar = self.area.verticalScrollBar()
        if self.isVisible() and not self._read and bar.value() >= bar.maximum():
            self.read_to_end.emit()


def _replaces(names: tuple[Text, ...]) -> Callable[[str], str]:
    def render(lang: str) -> str:
        listed = ("、" if lang == "zh" else ", ").join(n.get(lang) for n in names)
        return i18n.tr("commitment.replaces", lang, names=listed)

    return render


class SigningScreen(Screen):
    """``signature_pad`` to sign on, ``signing_refusal`` says why strokes were refused;
    ``btn_sign_clear`` (重签) clears the pad, ``btn_sign_confirm`` hands the strokes on."""

    #: the strokes on the pad (``tuple[Stroke, ...]``)
    confirmed = Signal(object)
    cleared = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("signing", parent)
        t = active_theme()
        self.clear = TrButton(K("signing.clear"), "secondary", name="btn_sign_clear")
        self.add_heading(K("signing.title"), K("signing.hint"), aside=self.clear)
        self.pad = SignaturePad()
        row = QHBoxLayout()
        row.addWidget(self.pad, 1)
        self.root.addLayout(row, 1)
        self.refusal = TrLabel(None, "error", name="signing_refusal")
        self.refusal.setVisible(False)
        self.root.addWidget(self.refusal)
        self.confirm = TrButton(K("signing.confirm"), "primary", name="btn_sign_confirm")
        self.confirm.setMinimumWidth(t.px(300))
        self.primary_action = self.confirm
        self.clear.clicked.connect(self._clear)
        self.confirm.clicked.connect(lambda: self.confirmed.emit(self.pad.strokes()))
        self.pad.changed.connect(self._pad_changed)
        self._pad_changed()

    def show_signing(self, refusal: Text | None) -> None:
        """``refusal``: why the last strokes were not a signature (kept on the pad, to
        see why, until 重签)."""
        self.refusal.set_source(refusal)
        self.refusal.setVisible(refusal is not None)
        self._pad_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.pad.strokes():  # entered anew: an empty pad, never the last resident's
            self.pad.clear()

    def _clear(self) -> None:
        self.pad.clear()
        self.cleared.emit()

    def _pad_changed(self) -> None:
        self.confirm.setEnabled(bool(self.pad.strokes()))
        self.clear.setEnabled(bool(self.pad.strokes()) or self.refusal.isVisible())


def signed_card(commitment: SignedCommitment) -> QWidget:
    """The review's card of a signed commitment: the form's title, the signature small."""
    t = active_theme()
    frame, layout = card(horizontal=True)
    frame.setObjectName("review_commitment")
    words = QVBoxLayout()
    words.addWidget(TrLabel(K("review.commitment"), "title"))
    words.addWidget(TrLabel(commitment.form.title, "body", name="review_commitment_title"))
    words.addStretch(1)
    layout.addLayout(words, 1)
    layout.addWidget(SignatureView(commitment.strokes, t.px(120), "review_signature"))
    return frame
