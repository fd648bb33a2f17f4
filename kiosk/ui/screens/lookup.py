"""Progress query and appointment check-in: identify (QR or ID card), results."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from device_contracts import Text
from flows.domain import Appointment, CaseStatusKind, CaseSummary
from flows.lookup import status_words
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import IdCardIllustration
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.rating_strip import RatingStrip
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


def _when(iso: str) -> str:
    return iso[:16].replace("T", " ") if len(iso) >= 16 else iso


class IdentifyScreen(Screen):
    """Scan a QR or place the ID card; ``set_purpose`` picks the words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("identifying", parent)
        self.heading = TrLabel(None, "h1", name="identifying_title")
        self.body = TrLabel(None, "body")
        words = (self.heading, self.body, TrLabel(K("identify.waiting"), "title"))
        self.root.addLayout(picture_beside_words(IdCardIllustration(), words, picture_stretch=5), 1)

    def set_purpose(self, purpose: str) -> None:
        self.heading.set_source(K(f"identify.{purpose}.title"))
        self.body.set_source(K(f"identify.{purpose}.body"))


class ProgressResultsScreen(Screen):
    """One card per case: matter, status in plain words, code; ``btn_again``, ``btn_finish``."""

    again_clicked = Signal()
    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("progress_results", parent)
        self.again = TrButton(K("progress_results.again"), "secondary", name="btn_again")
        self.again.clicked.connect(self.again_clicked)
        self.add_heading(K("progress_results.title"), None, aside=self.again)
        content = QWidget()
        self.rows = QVBoxLayout(content)
        self.rows.setSpacing(active_theme().px(14))
        self.root.addWidget(scroll(content), 1)
        self.rating = RatingStrip()  # 好差评, under the cases; hidden until offered
        self.root.addWidget(self.rating)
        self.finish = TrButton(K("common.finish"), "primary", name="btn_finish")
        self.finish.clicked.connect(self.finish_clicked)
        self.primary_action = self.finish

    def show_cases(self, cases: Sequence[CaseSummary]) -> None:
        clear_layout(self.rows)
        for case in cases:
            frame, layout = card()
            layout.addWidget(TrLabel(case.matter_name, "title", name=f"case_{case.case_code}"))
            kind = {
                CaseStatusKind.CERTIFICATE_READY: "ok",
                CaseStatusKind.COLLECTED: "ok",
                CaseStatusKind.POSTED: "ok",
                CaseStatusKind.REJECTED: "warn",
            }.get(case.status, "body")
            layout.addWidget(
                TrLabel(status_words(case.status), kind, name=f"status_{case.case_code}")
            )
            if case.tracking_number:  # 物流服务: the courier's number, to follow the parcel
                layout.addWidget(
                    TrLabel(
                        K("progress_results.tracking", number=case.tracking_number),
                        "body",
                        name=f"tracking_{case.case_code}",
                    )
                )
            layout.addWidget(
                TrLabel(
                    K("progress_results.code", code=case.case_code, time=_when(case.updated_at)),
                    "muted",
                )
            )
            self.rows.addWidget(frame)
        self.rows.addStretch(1)


class AppointmentResultsScreen(Screen):
    """One card per booking with ``btn_checkin_<token>``."""

    checkin_clicked = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("appointment_results", parent)
        self.add_heading(K("appointment_results.title"))
        content = QWidget()
        self.rows = QVBoxLayout(content)
        self.rows.setSpacing(active_theme().px(14))
        self.root.addWidget(scroll(content), 1)

    def show_appointments(self, appointments: Sequence[Appointment]) -> None:
        clear_layout(self.rows)
        for a in appointments:
            frame, layout = card(horizontal=True)
            info = QVBoxLayout()
            info.addWidget(TrLabel(a.matter_name, "title"))
            info.addWidget(
                TrLabel(K("appointment_results.when", time=_when(a.scheduled_at)), "body")
            )
            info.addWidget(TrLabel(Text(a.token, a.token), "muted"))
            if a.check_in_refused is not None:
                # another day's booking: the platform's rule, and no check-in button
                info.addWidget(
                    TrLabel(a.check_in_refused, "error", name=f"checkin_refused_{a.token}")
                )
            layout.addLayout(info, 1)
            if a.check_in_refused is None:
                button = TrButton(
                    K("appointment_results.checkin"), "primary", name=f"btn_checkin_{a.token}"
                )
                button.clicked.connect(lambda _=False, tok=a.token: self.checkin_clicked.emit(tok))
                layout.addWidget(button)
            self.rows.addWidget(frame)
        self.rows.addStretch(1)
