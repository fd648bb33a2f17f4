"""The video call with staff (远程视频, issue 21 item 1): the consent before the camera
is shared (what is shared, with whom, agree or decline), and the call itself (staff's
video big, the resident's own picture small, staff's notes and approvals, hang up).
Passive: kiosk/presenters/video_call.py says what to show. The call's end and the
callback offer are result pages (kiosk/ui/screens/result.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QColor, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import PreviewFrame, Text
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.screens.consent import ConsentScreen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.live_picture import LivePicture, fit_rect
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel

#: the points read before the answer, in the order shown
CONSENT_POINTS = (
    "video.consent.camera",
    "video.consent.case",
    "video.consent.optional",
)


class VideoConsentScreen(ConsentScreen):
    """``btn_video_agree`` / ``btn_video_decline`` / ``btn_video_back``."""

    agree_clicked = Signal()
    decline_clicked = Signal()
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "video_consent",
            title="video.consent.title",
            intro=("video.consent.body", "video_consent_body"),
            points=CONSENT_POINTS,
            point_role="body",
            parent=parent,
        )
        self.back = self.answer("video.back", "quiet", "btn_video_back", self.back_clicked)
        self.decline = self.answer(
            "video.consent.decline", "secondary", "btn_video_decline", self.decline_clicked
        )
        self.agree = self.answer(
            "video.consent.agree", "primary", "btn_video_agree", self.agree_clicked
        )


class CallVideo(LivePicture):
    """One side's video: the newest frame, whole, on a dark ground (no picture yet: the
    ground only). Frames come from the call's threads through the mailbox."""

    def __init__(self, name: str, side: int) -> None:
        super().__init__(None, name=name, mirror=False)
        self._side = side

    def sizeHint(self) -> QSize:
        px = active_theme().px(self._side)
        return QSize(px, px * 3 // 4)

    def offer(self, rgb: bytes, width: int, height: int) -> None:
        """A frame, on any thread (the newest one is painted)."""
        self.mailbox.offer(PreviewFrame(rgb, width, height))

    def paintEvent(self, event: QPaintEvent) -> None:
        p, view = self.rounded_painter(20)
        p.fillRect(view, QColor("#1c2633"))
        if self._image is not None:
            self.draw_frame(p, fit_rect(self._image.size(), view))
        p.end()


class VideoCallScreen(Screen):
    """Calling, ringing or in the call: ``btn_video_hang_up``."""

    hang_up_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("video_call", parent)
        t = active_theme()
        self.add_heading(K("video.calling"))
        row = QHBoxLayout()
        row.setSpacing(t.px(24))
        self.clerk_video = CallVideo("video_clerk", 880)
        row.addWidget(self.clerk_video, 3)
        side = QVBoxLayout()
        side.setSpacing(t.px(12))
        self.own_video = CallVideo("video_own", 320)
        self.own_video.setMaximumHeight(t.px(260))
        side.addWidget(TrLabel(K("video.own"), "muted", name="video_own_label"))
        side.addWidget(self.own_video, 1)
        notes, notes_layout = card()
        notes_layout.addWidget(TrLabel(K("video.notes"), "title", name="video_notes_title"))
        self._notes = QVBoxLayout()
        self._notes.setSpacing(t.px(8))
        notes_layout.addLayout(self._notes)
        notes_layout.addStretch(1)
        side.addWidget(scroll(notes), 2)
        row.addLayout(side, 2)
        self.root.addLayout(row, 1)
        self.hang_up = TrButton(K("video.hang_up"), "danger", name="btn_video_hang_up")
        self.hang_up.clicked.connect(self.hang_up_clicked)
        self.primary_action = self.hang_up
        self.show_notes([], [])

    def show_state(self, title: Source) -> None:
        self.title.set_source(title)

    def show_notes(self, notes: list[str], approved: list[Text]) -> None:
        """Staff's notes (their words, as written) and the materials they approved."""
        clear_layout(self._notes)
        lines: list[Source] = [note for note in notes]
        lines += [K("video.approved", name=name) for name in approved]
        if not lines:
            lines = [K("video.notes_none")]
        for i, line in enumerate(lines):
            role = "muted" if not (notes or approved) else "body"
            self._notes.addWidget(TrLabel(line, role, name=f"video_note_{i}"))
