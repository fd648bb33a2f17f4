"""Materials: what the matter asks for, each with its status, pages and actions, and
beside them, when the document camera can show it, its live picture: the page outline
it found, what to do now (lay a page, hold still, a hint), the material the next still
page goes to, and the page just taken, large for a moment before it joins the list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import PagePrompt, PageStep
from flows.domain import MaterialPage, MaterialSpec, Matter
from flows.ocr import PageRead, page_type_fits
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.screens.capture_next import next_blocker
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.page_preview import PagePreview
from kiosk.ui.widgets.thumbnail import PageThumbnail, thumbnail_pixmap, warm_up_decoder
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


class CaptureScreen(Screen):
    """Per material ``<code>``: ``material_<code>`` card, ``btn_capture_<code>``,
    ``btn_defer_<code>`` (deferrable only), ``status_<code>``; pages
    ``btn_remove_page_<index>`` (index into the session's pages); ``btn_next``, and
    ``next_reason`` saying why it is greyed."""

    capture_clicked = Signal(str)
    defer_clicked = Signal(str)
    remove_clicked = Signal(int)
    next_clicked = Signal()
    #: (material code, "usb" | "phone"): import files for a material (added)
    import_clicked = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("capturing", parent)
        t = active_theme()
        self.busy_label = TrLabel(K("capture.capturing"), "matter", wrap=False, name="capture_busy")
        self.busy_label.hide()
        self.add_heading(K("capture.title"), K("capture.hint"), aside=self.busy_label)
        self._list = QWidget()
        self._list_layout = QVBoxLayout(self._list)
        self._list_layout.setContentsMargins(0, 0, t.px(16), 0)
        self._list_layout.setSpacing(t.px(16))
        body = QHBoxLayout()
        body.setSpacing(t.px(32))
        self.live_panel = self._live_panel()
        self.live_panel.hide()  # until the flow says the camera is live
        body.addWidget(self.live_panel, 5)
        # why 下一步 (in the footer, right below) is greyed: a page still being read, a
        # material still missing; at the right, above the button (issue 19 item 3), its
        # height taken from the scrolling list, not from the live picture beside it
        self.next_reason = TrLabel(
            None, "warn", name="next_reason", align=Qt.AlignmentFlag.AlignRight
        )
        self.next_reason.hide()
        column = QVBoxLayout()
        column.setSpacing(t.px(12))
        column.addWidget(scroll(self._list), 1)
        column.addWidget(self.next_reason)
        body.addLayout(column, 6)
        self.root.addLayout(body, 1)
        #: camera pages already on the list (a new one is shown large first)
        self._seen_pages: set[int] | None = None
        self.next = TrButton(K("capture.next"), "primary", name="btn_next")
        self.next.setMinimumWidth(t.px(320))
        self.next.clicked.connect(self.next_clicked)
        self.primary_action = self.next
        self._thumbs: dict[int, QPixmap] = {}
        self._signature: object = None
        self._matter_code: str | None = None
        #: per material code: what its row was built from, the row, its enabled-while-idle
        #: parts, and the pages and readings it shows (held so their ids are not reused)
        self._rows: dict[str, tuple[object, QWidget, list[QWidget], tuple[object, ...]]] = {}
        self._readings: dict[int, PageRead] = {}
        self._reading = False
        #: the rows were built beside the live picture (narrower); show_materials' last
        #: arguments, to build them again when the picture comes or goes
        self._rows_live = False
        self._last_materials: tuple[Any, ...] | None = None
        warm_up_decoder()  # at start-up, not on the first captured page

    def _live_panel(self) -> QWidget:
        t = active_theme()
        panel = QWidget()
        panel.setObjectName("live_panel")
        column = QVBoxLayout(panel)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(t.px(12))
        self.preview = PagePreview()
        column.addWidget(self.preview, 1)
        self.live_prompt = TrLabel(K("capture.live.step.place"), "title", name="page_prompt")
        column.addWidget(self.live_prompt)
        self.live_hint = TrLabel(None, "warn", name="page_hint")
        self.live_hint.hide()
        column.addWidget(self.live_hint)
        self.live_target = TrLabel(None, "muted", name="page_target")
        column.addWidget(self.live_target)
        return panel

    def show_live(
        self,
        live: bool,
        prompt: PagePrompt | None,
        target: MaterialSpec | None,
        wrong_kind: MaterialSpec | None = None,
    ) -> None:
        """The document camera's picture and what it says (``live``: it can show one);
        ``target``: the material the next still page goes to (None: every material has
        its page); ``wrong_kind``: the material the page last taken surely is not."""
        self.live_panel.setVisible(live)
        if live != self._rows_live:
            # the rows' shape follows the room the picture leaves them (see _row)
            self._rows_live = live
            if self._last_materials is not None:
                self._matter_code = None
                self._signature = None
                self.show_materials(*self._last_materials)
        self.subtitle.set_source(K("capture.live.subtitle" if live else "capture.hint"))
        # large text: the live prompt says it, and the picture needs the room
        self.subtitle.setVisible(not live or active_theme().scale <= 1.0)
        if not live:
            return
        step = prompt.step if prompt is not None else PageStep.PLACE
        hint = prompt.hint if prompt is not None else None
        blocked = hint is not None and step in (PageStep.HOLD, PageStep.STEADY)
        self.live_prompt.set_source(
            K("capture.live.step.adjust" if blocked else f"capture.live.step.{step.value}")
        )
        if hint is not None:
            self.live_hint.set_source(K(f"capture.live.hint.{hint.value}"))
        elif wrong_kind is not None and step is not PageStep.STEADY:
            self.live_hint.set_source(K("capture.live.hint.wrong_kind", name=wrong_kind.name))
        else:
            self.live_hint.set_source(None)
        self.live_hint.setVisible(bool(self.live_hint.text()))
        self.live_target.set_source(
            K("capture.live.target", name=target.name)
            if target is not None
            else K("capture.live.all_done")
        )
        self.preview.set_state(step, hint is not None, prompt.steady if prompt else 0.0)

    def show_materials(
        self,
        matter: Matter | None,
        pages: Sequence[MaterialPage],
        deferred: set[str],
        capturing: bool,
        readings: Sequence[PageRead] = (),
        reading: int = 0,
        licensed: frozenset[str] = frozenset(),
    ) -> None:
        """``readings``: what OCR made of each page (a caption under its thumbnail);
        ``reading``: pages still being read (Next waits for them); ``licensed``: materials
        the platform holds as the resident's electronic licence (no paper needed)."""
        signature = (
            matter.code if matter else "",
            tuple(id(p) for p in pages),
            frozenset(deferred),
            licensed,
            capturing,
            tuple(id(r) for r in readings),
            reading,
        )
        if signature == self._signature:
            return
        self._last_materials = (matter, pages, deferred, capturing, readings, reading, licensed)
        self._signature = signature
        self._prune_thumbs(pages)
        self._show_new_page(
            pages, code_changed=(matter.code if matter else None) != self._matter_code
        )
        self.busy_label.setVisible(capturing)
        blocker = next_blocker(
            matter,
            pages,
            deferred,
            licensed,
            capturing=capturing,
            readings=readings,
            reading=reading,
        )
        self.next.setEnabled(blocker is None)
        self.next_reason.set_source(blocker)
        self.next_reason.setVisible(blocker is not None)
        self._readings = {id(r.page): r for r in readings}
        self._reading = reading > 0
        code = matter.code if matter else None
        if code != self._matter_code:
            self._matter_code = code
            self._rows.clear()
            clear_layout(self._list_layout)
            self._list_layout.addStretch(1)
        if matter is None:
            return
        # Only the rows whose pages, deferral or page captions changed are rebuilt, in place;
        # the others just follow ``capturing``. Rebuilding every row on each update (a page
        # taken, read, the camera busy or done) took the GUI thread 13-28 ms per update.
        for position, spec in enumerate(matter.materials):
            indexed = [(i, p) for i, p in enumerate(pages) if p.material_code == spec.code]
            is_deferred = spec.code in deferred
            is_licensed = spec.code in licensed and not indexed
            row_signature = (
                is_deferred,
                is_licensed,
                tuple((i, id(p), self._caption_signature(p)) for i, p in indexed),
            )
            built = self._rows.get(spec.code)
            if built is not None and built[0] == row_signature:
                for part in built[2]:
                    part.setEnabled(not capturing)
                continue
            parts: list[QWidget] = []
            row = self._row(spec, indexed, is_deferred, capturing, parts, is_licensed)
            if built is None:
                self._list_layout.insertWidget(position, row)
            else:
                self._list_layout.replaceWidget(built[1], row)
                built[1].hide()
                built[1].deleteLater()
            held = tuple(p for _, p in indexed) + tuple(
                self._readings[id(p)] for _, p in indexed if id(p) in self._readings
            )
            self._rows[spec.code] = (row_signature, row, parts, held)

    def _show_new_page(self, pages: Sequence[MaterialPage], *, code_changed: bool) -> None:
        """A page the camera just took: large over the live picture for a moment (not
        the pages already there when the screen is filled)."""
        camera = [p for p in pages if p.source == "camera"]
        seen = self._seen_pages
        self._seen_pages = {id(p) for p in camera}
        if seen is None or code_changed or not self.live_panel.isVisibleTo(self):
            return
        fresh = [p for p in camera if id(p) not in seen]
        if fresh:
            # decoded in an event-loop turn of its own (this one rebuilds the row and its
            # thumbnail), at half size: the JPEG decoder scales by 1/2 for a fraction of
            # the work; the painter fits it. Together in one turn: 50 ms (kiosk bench gui)
            page = fresh[-1]
            QTimer.singleShot(0, lambda: self._show_taken(page))

    def _show_taken(self, page: MaterialPage) -> None:
        if self.live_panel.isVisible():
            self.preview.show_taken(
                thumbnail_pixmap(page.image.data, max(2, page.image.height // 2))
            )

    def _caption_signature(self, page: MaterialPage) -> object:
        """What :meth:`_caption` depends on for ``page``."""
        return id(self._readings.get(id(page))), self._reading and page.source == "camera"

    def _prune_thumbs(self, pages: Sequence[MaterialPage]) -> None:
        live = {id(p) for p in pages}
        self._thumbs = {k: v for k, v in self._thumbs.items() if k in live}

    def _thumb(self, page: MaterialPage) -> QPixmap:
        key = id(page)
        if key not in self._thumbs:
            self._thumbs[key] = thumbnail_pixmap(page.image.data, active_theme().px(240))
        return self._thumbs[key]

    def _row(
        self,
        spec: MaterialSpec,
        pages: list[tuple[int, MaterialPage]],
        is_deferred: bool,
        capturing: bool,
        parts: list[QWidget],
        is_licensed: bool = False,
    ) -> QWidget:
        """One material's card; ``parts`` receives its widgets disabled while capturing.
        ``is_licensed``: the electronic licence stands in for it (paper still welcome)."""
        t = active_theme()
        # large text: the pages under the material, its buttons two to a row; side by
        # side, one row, the card was wider than the list beside the live picture and
        # the Delete buttons were cut off at its right edge (issue 19 item 10)
        narrow = t.scale > 1.0 and self._rows_live
        frame, layout = card(horizontal=not narrow)
        frame.setObjectName(f"material_{spec.code}")
        info = QVBoxLayout()
        info.setSpacing(t.px(8))
        name_row = QHBoxLayout()
        name_row.setSpacing(t.px(12))
        name_row.addWidget(TrLabel(spec.name, "title", wrap=False))
        need = TrLabel(
            K("capture.required" if spec.required else "capture.optional"), "chip", wrap=False
        )
        name_row.addWidget(need, 0, Qt.AlignmentFlag.AlignVCenter)  # beside the name
        name_row.addStretch(1)
        info.addLayout(name_row)
        if pages:
            status, kind = K("capture.pages", n=len(pages)), "ok"
        elif is_licensed:
            status, kind = K("capture.licensed"), "ok"
        elif is_deferred:
            status, kind = K("capture.deferred", days=spec.deferral_days), "warn"
        elif spec.required:
            status, kind = K("capture.missing"), "error"
        else:
            status, kind = K("capture.missing"), ""
        chip = TrLabel(status, "chip", wrap=False, name=f"status_{spec.code}")
        chip.setProperty("kind", kind)
        info.addWidget(chip, 0, Qt.AlignmentFlag.AlignLeft)
        actions: list[QWidget] = []
        capture = TrButton(K("capture.capture"), "primary", name=f"btn_capture_{spec.code}")
        capture.setEnabled(not capturing)
        parts.append(capture)
        capture.clicked.connect(lambda _=False, c=spec.code: self.capture_clicked.emit(c))
        actions.append(capture)
        for source in ("usb", "phone"):
            imp = TrButton(K(f"capture.{source}"), "secondary", name=f"btn_{source}_{spec.code}")
            imp.setEnabled(not capturing)
            parts.append(imp)
            imp.clicked.connect(
                lambda _=False, c=spec.code, src=source: self.import_clicked.emit(c, src)
            )
            actions.append(imp)
        if spec.deferrable and not is_licensed:
            defer = TrButton(
                K("capture.undefer" if is_deferred else "capture.defer"),
                "secondary",
                name=f"btn_defer_{spec.code}",
            )
            defer.setEnabled(not capturing)
            parts.append(defer)
            defer.clicked.connect(lambda _=False, c=spec.code: self.defer_clicked.emit(c))
            actions.append(defer)
        buttons = QGridLayout()
        buttons.setSpacing(t.px(12))
        per_row = 2 if narrow else len(actions)
        for i, action in enumerate(actions):
            buttons.addWidget(action, i // per_row, i % per_row)
        buttons.setColumnStretch(per_row, 1)
        info.addLayout(buttons)
        info.addStretch(1)  # a tall thumbnail beside it must not stretch the status chip
        layout.addLayout(info, 4)
        thumbs = QHBoxLayout()
        thumbs.setSpacing(t.px(12))
        for index, page in pages:
            caption, role = self._caption(spec, page)
            thumb = PageThumbnail(index, self._thumb(page), caption=caption, caption_role=role)
            thumb.setEnabled(not capturing)
            parts.append(thumb)
            thumb.remove_clicked.connect(self.remove_clicked)
            thumbs.addWidget(thumb)
        thumbs.addStretch(1)
        layout.addLayout(thumbs, 5)
        return frame

    def _caption(self, spec: MaterialSpec, page: MaterialPage) -> tuple[Source, str]:
        """What OCR said about the page: fits the material, looks like another, unread."""
        read = self._readings.get(id(page))
        if read is None:
            if self._reading and page.source == "camera":
                return K("ocr.reading"), "muted"
            return None, "muted"
        fits = page_type_fits(spec, read.reading)
        if fits is None:
            return K("ocr.unknown"), "muted"
        return (K("ocr.fits"), "ok") if fits else (K("ocr.other"), "warn")
