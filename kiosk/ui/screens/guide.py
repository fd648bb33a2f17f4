"""A matter's guide (办事指南, 一次性告知), before the ID card: the materials (which
may come from an electronic licence, which may follow later), the fee, the time limit,
how the result comes back, and a QR to take the guide away on a phone. The resident
continues to the card, or leaves with nothing read and nothing kept."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from flows.domain import MaterialSpec, Matter
from kiosk import i18n
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.qr import QrCodeWidget
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class GuideScreen(Screen):
    """``guide_materials`` lists the materials (``guide_material_<code>`` each),
    ``guide_fee``, ``guide_days``, ``guide_delivery``; ``guide_qr`` the guide's URL;
    ``btn_guide_continue`` goes on to the card, ``btn_guide_leave`` back to start."""

    continue_clicked = Signal()
    leave_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("guide", parent)
        t = active_theme()
        # read and leave, beside the title; 继续办理 is the footer's main button, as on
        # the form: the guide keeps the height between them (large text)
        self.leave = TrButton(K("guide.leave"), "secondary", name="btn_guide_leave")
        self.leave.clicked.connect(self.leave_clicked)
        self.add_heading(None, None, aside=self.leave)
        self.subtitle.setVisible(True)
        # the guide and its QR scroll together (large text, long lists): nothing is cut
        # off, and the two buttons below stay in view
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, t.px(8), 0)
        row.setSpacing(t.px(40))
        facts = QVBoxLayout()
        facts.setContentsMargins(0, 0, 0, 0)
        facts.setSpacing(t.px(10))
        facts.addWidget(TrLabel(K("guide.note"), "muted", name="guide_note"))
        facts.addWidget(TrLabel(K("guide.materials"), "title"))
        self._materials_host = QWidget()
        self._materials_host.setObjectName("guide_materials")
        self._materials = QVBoxLayout(self._materials_host)
        self._materials.setContentsMargins(0, 0, 0, 0)
        self._materials.setSpacing(t.px(8))
        facts.addWidget(self._materials_host)
        facts.addStretch(1)
        row.addLayout(facts, 5)
        # fee, time limit and delivery beside the materials: all in view without scrolling
        terms = QVBoxLayout()
        terms.setContentsMargins(0, 0, 0, 0)
        terms.setSpacing(t.px(10))
        self.fee = self._fact(terms, "guide.fee", "guide_fee")
        self.days = self._fact(terms, "guide.days", "guide_days")
        self.delivery = self._fact(terms, "guide.delivery", "guide_delivery")
        terms.addStretch(1)
        row.addLayout(terms, 3)
        # the QR to take the guide away
        side, side_layout = card()
        side_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.qr = QrCodeWidget(t.px(220))
        self.qr.setObjectName("guide_qr")
        side_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        self.scan = TrLabel(K("guide.scan"), "body", align=Qt.AlignmentFlag.AlignCenter)
        side_layout.addWidget(self.scan)
        side_layout.addStretch(1)
        row.addWidget(side, 0, Qt.AlignmentFlag.AlignTop)
        self.root.addWidget(scroll(body), 1)
        self.go_on = TrButton(K("guide.continue"), "primary", name="btn_guide_continue")
        self.go_on.clicked.connect(self.continue_clicked)
        self.primary_action = self.go_on
        self._shown: Matter | None = None

    @staticmethod
    def _fact(layout: QVBoxLayout, key: str, name: str) -> TrLabel:
        layout.addWidget(TrLabel(K(key), "title"))
        value = TrLabel(None, "body", name=name)
        layout.addWidget(value)
        return value

    def show_guide(self, matter: Matter | None) -> None:
        """Fill the page for ``matter`` (rebuilt only when it is another one)."""
        if matter is None or matter is self._shown:
            return
        self._shown = matter
        self.title.set_source(matter.name)
        self.subtitle.set_source(matter.department)
        clear_layout(self._materials)
        for spec in matter.materials:
            label = TrLabel(_material_line(spec), "body", name=f"guide_material_{spec.code}")
            self._materials.addWidget(label)
        self.fee.set_source(matter.fee)
        self.days.set_source(K("guide.days.value", n=matter.processing_days))
        self.delivery.set_source(_delivery_lines(matter))
        self.qr.set_data(matter.guide_url)
        self.qr.setVisible(bool(matter.guide_url))
        self.scan.setVisible(bool(matter.guide_url))


def _material_line(spec: MaterialSpec) -> Callable[[str], str]:
    def render(lang: str) -> str:
        notes = [i18n.tr("guide.required" if spec.required else "guide.optional", lang)]
        if spec.e_licence:
            notes.append(i18n.tr("guide.e_licence", lang))
        if spec.deferrable:
            notes.append(i18n.tr("guide.deferrable", lang, days=spec.deferral_days))
        return f"• {spec.name.get(lang)}  ({' · '.join(notes)})"

    return render


def _delivery_lines(matter: Matter) -> Callable[[str], str]:
    def render(lang: str) -> str:
        return "\n".join(i18n.tr(f"guide.delivery.{d.value}", lang) for d in matter.delivery)

    return render
