"""The intake screens over the intake flow (flows/intake.py): USB-drive and phone
intake for the materials step (U盘 / 网盘).

Journey logic lives in the flow; this renders its view on the screen of its source
when what it shows changes, hands the screen's taps to it, and returns to the
materials once the intake ended by the resident's choice (files added, or back).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject

from device_contracts import Text
from flows.declaration import DeclarationFlow
from flows.intake import IntakeEnd, IntakeFlow, IntakeView, Notice, PreviewShown
from flows.intake_machine import IntakeStep
from flows.ports import FlowLoop, Platform
from kiosk.intake_files import DEFAULT_USB_ROOT, MountedDrive, UploadCheck, usb_root
from kiosk.ui.screens.intake import IntakeScreen
from kiosk.ui.widgets.tr import K, Source

__all__ = ["DEFAULT_USB_ROOT", "IntakeController", "usb_root"]


class IntakeController(QObject):
    """Shows the intake screens over the materials step; the flow feeds the declaration."""

    def __init__(
        self,
        flow: DeclarationFlow,
        platform: Platform,
        loop: FlowLoop,
        show: Callable[[IntakeScreen], None],
        back_to_flow: Callable[[], None],
        usb_root: Path = DEFAULT_USB_ROOT,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._drive = MountedDrive(usb_root)
        self.flow = IntakeFlow(flow, self._drive, platform, UploadCheck(), loop)
        self._show = show
        self._back_to_flow = back_to_flow
        self.screens: dict[str, IntakeScreen] = {}
        self._shown: IntakeView | None = None
        self._preview: PreviewShown | None = None
        self.flow.subscribe(self._flow_changed)

    @property
    def usb_root(self) -> Path:
        return self._drive.root

    @usb_root.setter
    def usb_root(self, root: Path) -> None:
        self._drive.root = root

    def attach(self, usb: IntakeScreen, phone: IntakeScreen) -> None:
        self.screens = {"usb": usb, "phone": phone}
        for screen in (usb, phone):
            screen.attach_clicked.connect(self.flow.attach)
            screen.back_clicked.connect(self.flow.cancel)
            screen.preview_requested.connect(self.flow.preview)
        self._shown = None  # new screens: show the intake under way on them
        self._flow_changed()

    def start(self, material_code: str, source: str) -> None:
        self.flow.start(material_code, source)

    @property
    def under_way(self) -> bool:
        """An intake covers the materials step."""
        return self.flow.state is not IntakeStep.IDLE

    def _flow_changed(self) -> None:
        view, shown = self.flow.view, self._shown
        if view is None:
            self._shown = self._preview = None
            if shown is not None and self.flow.ended in (IntakeEnd.ADDED, IntakeEnd.LEFT):
                self._back_to_flow()
            return
        if not self.screens:
            return
        screen = self.screens[view.source]
        if shown is None:
            screen.reset()
        if view != shown:
            self._shown = view
            screen.show_intake(
                view.material, view.offered, view.refused, _words(view.notice), view.link
            )
            self._show(screen)
        preview = self.flow.session.preview
        if preview is not None and preview is not self._preview:
            self._preview = preview
            shot = preview.preview
            screen.show_preview(
                preview.index, shot.jpeg if shot else None, shot.pages if shot else 1
            )


def _words(notice: Notice | Text | None) -> Source:
    """The notice in the kiosk's words (the platform's own when it gave no link)."""
    if isinstance(notice, Notice):
        return K(f"intake.{notice.value}")
    return notice
