"""USB-drive and phone intake for the materials step (U盘 / 网盘).

The checks are ``file_checks``'s (types by content, sizes, page and pixel
limits, hostile names, active content in PDFs), made in a child process under
CPU, memory and time limits: only accepted files are offered. Blocking work
(reading and checking the drive's files, checking the phone's files, the
platform's upload calls) runs on worker threads (``Operation.blocking``) and
comes back through the flow loop; the GUI thread only shows results. A chosen
file is previewed (``file_checks.preview``, made on a worker thread).
Chosen files become pages of the material (``DeclarationFlow.add_pages``, source
``usb`` / ``phone``) as ``file_checks`` stores them: pictures decoded and
encoded again (``read_accepted`` / ``stored_copy``), never the resident's bytes.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image as PILImage
from PySide6.QtCore import QObject, QTimer

from devices.base import Completion, Image, Operation, Text
from file_checks import (
    AcceptedFile,
    FileKind,
    IntakeLimits,
    RejectedFile,
    check_upload,
    read_accepted,
    scan_drive,
    stored_copy,
)
from file_checks.preview import Preview, preview_in_child
from flows.declaration import DeclarationFlow
from flows.domain import MaterialPage, UploadSession
from flows.ports import FlowLoop, Platform
from kiosk.ui.screens.intake import IntakeScreen
from kiosk.ui.widgets.tr import K

log = logging.getLogger(__name__)

T = TypeVar("T")

#: where the kiosk's USB drive is mounted (udisks / the install's automount rule);
#: ``KIOSK_USB_ROOT`` overrides it
DEFAULT_USB_ROOT = Path("/media/kiosk-usb")
POLL_MS = 1000
_LIMITS = IntakeLimits()
_SCAN_TIMEOUT_S = _LIMITS.max_scan_s + _LIMITS.check_wall_s + 10


def usb_root(demo_data_dir: Path | None = None) -> Path:
    """The drive to list: ``$KIOSK_USB_ROOT``, else in a demo a sample drive written
    under the demo's data dir (kiosk/demo/usb_sample.py), else the automount point."""
    if "KIOSK_USB_ROOT" in os.environ:
        return Path(os.environ["KIOSK_USB_ROOT"])
    if demo_data_dir is not None:
        from kiosk.demo.usb_sample import make_sample_drive

        return make_sample_drive(demo_data_dir / "sample-usb")
    return DEFAULT_USB_ROOT


@dataclass
class _Offer:
    name: str
    size: int
    mime: str
    usb: AcceptedFile | None = None
    data: bytes | None = None  # phone: the checked bytes (as sent: stored_copy re-encodes)


def _stored(offer: _Offer, usb_root: Path) -> bytes:
    """What a chosen file becomes (blocking: a worker thread): a drive's file read
    again and checked, a picture encoded afresh, never the resident's own bytes."""
    if offer.usb is not None:
        return read_accepted(usb_root, offer.usb)
    assert offer.data is not None
    return stored_copy(offer.data, offer.name)


def _page_image(offer: _Offer, usb_root: Path) -> Image:
    data = _stored(offer, usb_root)
    if offer.mime == FileKind.PDF.value:
        return Image(data, offer.mime, 0, 0)
    # our own encoding, upright: its size, not the resident's header (EXIF-rotated)
    with PILImage.open(io.BytesIO(data)) as im:
        width, height = im.size
    return Image(data, offer.mime, width, height)


@dataclass
class _Intake:
    material: str
    source: str
    offers: list[_Offer] = field(default_factory=list)
    rejected: list[tuple[str, Text]] = field(default_factory=list)
    status: Any = None
    session: UploadSession | None = None
    seen: int = 0


class IntakeController(QObject):
    """Shows the intake screens over the materials step and feeds the flow."""

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
        self.flow = flow
        self.platform = platform
        self.loop = loop
        self._show = show
        self._back_to_flow = back_to_flow
        self.usb_root = usb_root
        self.screens: dict[str, IntakeScreen] = {}
        self.current: _Intake | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)
        flow.subscribe(self._flow_changed)

    def attach(self, usb: IntakeScreen, phone: IntakeScreen) -> None:
        self.screens = {"usb": usb, "phone": phone}
        for screen in (usb, phone):
            screen.attach_clicked.connect(self._attach)
            screen.back_clicked.connect(self.close)
            screen.preview_requested.connect(self._preview)
        if self.current is not None:
            self._render()

    # ------------------------------------------------------------------ open / close
    def start(self, material_code: str, source: str) -> None:
        if str(self.flow.state) != "capturing" or source not in ("usb", "phone"):
            return
        self.close(back=False)
        self.current = _Intake(material_code, source, status=K("intake.scanning"))
        self.screens[source].reset()
        self._render()
        if source == "usb":
            root = self.usb_root
            # the scan stops checking at max_scan_s; the file being checked then may
            # take its own wall-clock limit
            self._run(
                "intake.scan_usb", lambda: scan_drive(root), self._on_scanned, _SCAN_TIMEOUT_S
            )
        else:
            self._run("intake.open_upload", self.platform.open_upload, self._on_session)

    def close(self, back: bool = True) -> None:
        self._timer.stop()
        current, self.current = self.current, None
        if current is not None and current.session is not None:
            token = current.session.token
            self._run("intake.close_upload", lambda: self.platform.close_upload(token), None)
        if back and current is not None:
            self._back_to_flow()

    def _flow_changed(self) -> None:
        # the journey moved on (idle reset, cancel): drop what was offered
        if self.current is not None and str(self.flow.state) != "capturing":
            self.close(back=False)

    # ------------------------------------------------------------------ USB
    def _on_scanned(self, c: Completion[Any]) -> None:
        current = self.current
        if current is None:
            return
        if not c.ok or c.value is None:
            current.status = K("intake.failed")
        else:
            report = c.value
            current.offers = [
                _Offer(f.display_name, f.size, f.kind.value, usb=f) for f in report.accepted
            ]
            current.rejected = [(r.display_name, r.text) for r in report.rejected]
            current.status = None if current.offers else K("intake.none")
            log.info(
                "usb drive listed",
                extra={"accepted": len(report.accepted), "rejected": len(report.rejected)},
            )
        self._render()

    # ------------------------------------------------------------------ phone
    def _on_session(self, c: Completion[Any]) -> None:
        current = self.current
        if current is None:
            return
        if not c.ok or c.value is None:
            current.status = c.text
        else:
            current.session = c.value
            current.status = K("intake.waiting")
            self._timer.start()
        self._render()

    def _poll(self) -> None:
        current = self.current
        if current is None or current.session is None:
            self._timer.stop()
            return
        token = current.session.token
        self._run(
            "intake.uploaded_files", lambda: self.platform.uploaded_files(token), self._on_files
        )

    def _on_files(self, c: Completion[Any]) -> None:
        current = self.current
        if current is None or not c.ok or c.value is None:
            return
        files = c.value[current.seen :]
        if not files:
            return
        current.seen += len(files)
        log.info("phone files received", extra={"n": len(files)})

        def check() -> list[tuple[AcceptedFile | RejectedFile, bytes]]:
            # parsing and decoding: a worker thread waiting on the checker's child
            return [(check_upload(f.name, f.data), f.data) for f in files]

        def checked(done: Completion[list[tuple[AcceptedFile | RejectedFile, bytes]]]) -> None:
            if self.current is not current:
                return  # the resident left this screen meanwhile
            for verdict, data in done.value or []:
                if isinstance(verdict, AcceptedFile):
                    current.offers.append(
                        _Offer(verdict.display_name, verdict.size, verdict.kind.value, data=data)
                    )
                else:
                    current.rejected.append((verdict.display_name, verdict.text))
            current.status = K("intake.waiting") if done.ok else K("intake.failed")
            self._render()

        # each file waits its turn for the checker and takes at most its wall-clock limit
        timeout = 30 + _LIMITS.check_wall_s * len(files)
        self._run("intake.check_uploads", check, checked, timeout)

    # ------------------------------------------------------------------ preview
    def _preview(self, index: int) -> None:
        current = self.current
        if current is None or not 0 <= index < len(current.offers):
            return
        offer, root = current.offers[index], self.usb_root
        screen = self.screens[current.source]

        def render() -> Preview:
            return preview_in_child(_stored(offer, root))

        def shown(c: Completion[Preview]) -> None:
            if self.current is not current:
                return  # the resident left this screen meanwhile
            if c.ok and c.value is not None:
                screen.show_preview(index, c.value.jpeg, c.value.pages)
            else:
                log.info("no preview", extra={"detail": c.detail})
                screen.show_preview(index, None)

        self._run("intake.preview", render, shown)

    # ------------------------------------------------------------------ attach
    def _attach(self, indexes: list[int]) -> None:
        current = self.current
        if current is None:
            return
        chosen = [current.offers[i] for i in indexes if 0 <= i < len(current.offers)]
        root, source, material = self.usb_root, current.source, current.material

        def read() -> list[MaterialPage]:
            pages = []
            for offer in chosen:
                pages.append(MaterialPage(material, _page_image(offer, root), source=source))
            return pages

        self._run("intake.read", read, self._on_read)

    def _on_read(self, c: Completion[Any]) -> None:
        current = self.current
        if current is None:
            return
        if not c.ok or not c.value:
            current.status = K("intake.failed")
            self._render()
            return
        material = current.material
        self.close(back=False)
        self.flow.add_pages(material, list(c.value))
        self._back_to_flow()

    # ------------------------------------------------------------------ plumbing
    def _render(self) -> None:
        current = self.current
        if current is None or not self.screens:
            return
        matter = self.flow.session.matter
        name = (
            next((m.name for m in matter.materials if m.code == current.material), Text("", ""))
            if matter is not None
            else Text("", "")
        )
        screen = self.screens[current.source]
        screen.show_intake(
            name,
            [(o.name, o.size) for o in current.offers],
            current.rejected,
            current.status,
            current.session.url if current.session is not None else "",
        )
        self._show(screen)

    def _run(
        self,
        name: str,
        fn: Callable[[], T],
        done: Callable[[Completion[T]], None] | None,
        timeout: float = 30,
    ) -> None:
        op: Operation[T] = Operation.blocking(name, fn, timeout)
        if done is not None:
            op.add_done_callback(lambda c: self.loop.post(lambda: done(c)))
