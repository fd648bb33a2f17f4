"""The declaration's materials step (材料): pages taken by hand or by the document
camera's live capture, files imported, deferrals (容缺受理), and each page read by OCR
to pre-fill the form. :class:`MaterialsStep` is one part of
:class:`~flows.declaration.DeclarationFlow`.
"""

from __future__ import annotations

import logging
import time

from device_contracts import (
    Completion,
    CompletionCode,
    DeviceEvent,
    Image,
    LiveDocumentCamera,
    Operation,
    PagePrompt,
    PreviewSink,
    Text,
)
from flows import messages
from flows.assisted import AssistedFlow
from flows.declaration_machine import DeclarationState
from flows.declaration_session import DeclarationSession
from flows.domain import MaterialPage
from flows.materials import MaterialCheck, is_deferrable
from flows.ocr import OcrReading, PageRead, material_doc_types, merge_reading
from flows.ports import PageReader
from flows.video_call_case import case_brief, clerk_approved_words, clerk_note_words
from flows.video_call_ports import CallBrief

log = logging.getLogger(__name__)

S = DeclarationState

#: the live capture's camera was still held by the capture just stopped: tries, pause
_LIVE_RETRIES = 3
_LIVE_RETRY_S = 0.3


class MaterialsStep(AssistedFlow[DeclarationState]):
    """The materials (``capturing``) of a declaration: its public methods are the
    materials screen's, the live capture starts on entering the state and stops on
    leaving it (:meth:`_start_live`, :meth:`_stop_live`)."""

    session: DeclarationSession

    def _init_materials(self, reader: PageReader | None) -> None:
        """The materials step's own state, set by the flow's constructor."""
        #: OCR of captured pages (classify, pre-fill the form); None: pages are only kept
        self.reader = reader
        self._capture_op: Operation[Image] | None = None
        #: where the document camera's live picture goes on the materials screen; frames
        #: go from the camera's thread straight there, never through the flow
        self.page_preview: PreviewSink | None = None
        self._live_on = False
        self._live_retries = 0
        #: the material a page taken by hand goes to
        self._hand_target: str | None = None
        #: until when 拍摄 waits for a page (the capture under way may end sooner)
        self._hand_until = 0.0

    def material_check(self) -> MaterialCheck:
        """Where the chosen matter's materials stand: pages, licences, deferrals."""
        return self.session.material_check()

    # ------------------------------------------------------------------ pages
    def add_pages(self, material_code: str, pages: list[MaterialPage]) -> None:
        """Files imported for a material (USB drive, phone upload), already checked."""
        s = self.session
        if self.state is not S.CAPTURING or s.matter is None or not pages:
            return
        if material_code not in {m.code for m in s.matter.materials}:
            s.message = messages.MATERIAL_UNKNOWN
            self._changed()
            return
        s.pages.extend(pages)
        s.deferred.discard(material_code)
        s.message = None
        self._retarget()
        log.info(
            "pages imported",
            extra={"flow": "declaration", "material": material_code, "n": len(pages)},
        )
        self._changed()

    def capture(self, material_code: str) -> None:
        s = self.session
        if self.state is not S.CAPTURING or s.matter is None or s.capturing:
            return
        if material_code not in {m.code for m in s.matter.materials}:
            s.message = messages.MATERIAL_UNKNOWN
            self._changed()
            return
        s.capturing = True
        s.message = None
        camera = self._live_camera()
        if camera is not None:
            # the live capture takes the page lying there now, for this material
            self._hand_target = material_code
            self._hand_until = time.monotonic() + self.settings.capture_timeout
            camera.shoot()
            self._watch_pages(camera)
            self._changed()
            return
        op = self.devices.document_camera.capture_page(self.settings.capture_timeout)
        self._capture_op = op
        self._watch(op, lambda c: self._on_page(material_code, c))
        self._changed()

    def _on_page(self, material_code: str, c: Completion[Image]) -> None:
        s = self.session
        s.capturing = False
        self._capture_op = None
        if not c.ok or c.value is None:
            s.message = c.text
            return
        self._add_camera_page(material_code, c.value)

    def _add_camera_page(self, material_code: str, image: Image) -> None:
        s = self.session
        page = MaterialPage(material_code, image)
        s.pages.append(page)
        s.deferred.discard(material_code)  # handed in now after all
        log.info("page captured", extra={"flow": "declaration", "material": material_code})
        self._read_page(page)

    # ------------------------------------------------------------------ live capture
    # On the materials screen the document camera's picture is live: a capture runs
    # all the time, handing frames to the screen's preview and its prompts (place, hold
    # still, a hint, taken) to the session. A page that lies still and clear is taken by
    # itself for the first material still without a page (``page_target``); 拍摄 takes
    # the page lying there for its material. When every material has its page, pages
    # are taken by hand only. Leaving the screen stops the camera and drops the preview.
    def _live_camera(self) -> LiveDocumentCamera | None:
        camera = self.devices.document_camera
        if self.page_preview is None or not isinstance(camera, LiveDocumentCamera):
            return None
        return camera

    def _start_live(self) -> None:
        camera = self._live_camera()
        if camera is None:
            return
        self._live_on = True
        self._live_retries = 0
        camera.set_preview(self.page_preview)
        self._retarget()
        self._watch_pages(camera)

    def _watch_pages(self, camera: LiveDocumentCamera) -> None:
        if self._capture_op is not None or self.state is not S.CAPTURING:
            return
        self.session.live = True
        op = camera.capture_page(self.settings.capture_timeout)
        self._capture_op = op
        self._watch(op, self._on_live_page, on_event=self._on_page_event)

    def _on_page_event(self, event: DeviceEvent) -> None:
        if isinstance(event, PagePrompt):
            self.session.page_prompt = event

    def _on_live_page(self, c: Completion[Image]) -> None:
        s = self.session
        self._capture_op = None
        hand, self._hand_target = self._hand_target, None
        s.capturing = False
        target = hand or s.page_target
        if c.ok and c.value is not None:
            self._live_retries = 0
            if target is not None:
                self._add_camera_page(target, c.value)
        elif c.code in (CompletionCode.TIMEOUT, CompletionCode.NO_MEDIA):
            self._live_retries = 0
            if hand is not None and time.monotonic() < self._hand_until:
                # the capture that ended was started before 拍摄: the next one waits on
                self._hand_target, s.capturing = hand, True
            elif hand is not None:
                s.message = c.text  # 拍摄 found no page in time
        elif c.code is CompletionCode.DEVICE_NOT_READY and self._live_retries < _LIVE_RETRIES:
            # the capture just stopped may still hold the camera for a frame: try again
            self._live_retries += 1
            self._hand_target, s.capturing = hand, hand is not None
            self._loop.call_later(_LIVE_RETRY_S, self._resume_live)
            return
        else:
            s.message = c.text  # a fault: 拍摄 still tries, one page at a time
            self._stop_live()
            return
        self._retarget()
        camera = self._live_camera()
        if camera is not None:
            self._watch_pages(camera)

    def _resume_live(self) -> None:
        camera = self._live_camera()
        if camera is not None and self._live_on and self.state is S.CAPTURING:
            self._watch_pages(camera)
            self._changed()

    def _retarget(self) -> None:
        """The material the next still page goes to; none left: no auto-capture."""
        s = self.session
        s.page_target = None
        if s.matter is not None:
            with_pages = {p.material_code for p in s.pages}
            for spec in s.matter.materials:
                if spec.code in with_pages or spec.code in s.deferred or spec.code in s.licences:
                    continue
                s.page_target = spec.code
                break
        camera = self._live_camera()
        if camera is not None and self._live_on:
            camera.set_auto_capture(s.page_target is not None)

    def _stop_live(self) -> None:
        """The camera stops and forgets the screen's preview (the screen left)."""
        if not self._live_on:
            return
        self._live_on = False
        if self._capture_op is not None:
            self._abandon(self._capture_op)
            self._capture_op = None
        self._hand_target = None
        s = self.session
        s.live = False
        s.page_prompt = None
        s.capturing = False
        camera = self.devices.document_camera
        if isinstance(camera, LiveDocumentCamera):
            camera.set_preview(None)

    def _read_page(self, page: MaterialPage) -> None:
        """OCR the page in the background: its type and the form values it holds."""
        s = self.session
        if self.reader is None or s.matter is None:
            return
        s.reading += 1
        op = self.reader.read_page(
            page.image, material_doc_types(s.matter.materials), self.settings.ocr_timeout
        )
        self._watch(op, lambda c: self._on_read(page, c), any_state=True)

    def _on_read(self, page: MaterialPage, c: Completion[OcrReading]) -> None:
        s = self.session
        s.reading = max(0, s.reading - 1)
        if not c.ok or c.value is None:
            # the page is kept; only the pre-fill is missing
            log.info("page not read", extra={"flow": "declaration", "code": c.code.value})
            if s.message == messages.READING_PAGES and not s.reading:
                s.message = None
            return
        if not any(p is page for p in s.pages) or s.matter is None:
            return  # removed meanwhile
        s.readings.append(PageRead(page, c.value))
        new = merge_reading(s.matter.fields, s.form, c.value, page.material_code, s.read_values)
        for value in new:
            s.read_values[value.key] = value
            if value.filled:
                s.field_errors.pop(value.key, None)
        filled = sum(1 for v in s.read_values.values() if v.filled)
        log.info(
            "page read",
            extra={
                "flow": "declaration",
                "material": page.material_code,
                "doc_type": c.value.doc_type,
                "expected": c.value.expected,
                "fields": sorted(v.key for v in new),
            },
        )
        if s.message == messages.READING_PAGES and not s.reading:
            s.message = None
        if any(v.filled for v in new) and s.message is None:
            s.message = messages.values_read(filled)

    def _stop_capture(self) -> None:
        if self._capture_op is not None:
            self._abandon(self._capture_op)
            self._capture_op = None
        self.session.capturing = False

    def remove_page(self, index: int) -> None:
        s = self.session
        if self.state is S.CAPTURING and 0 <= index < len(s.pages):
            removed = s.pages.pop(index)
            s.readings = [r for r in s.readings if r.page is not removed]
            self._retarget()
            self._changed()

    def toggle_deferred(self, material_code: str) -> None:
        """容缺受理: mark a deferrable material as handed in later, or take that back."""
        s = self.session
        if self.state is not S.CAPTURING or s.matter is None:
            return
        if not is_deferrable(s.matter, material_code):
            s.message = messages.NOT_DEFERRABLE
        elif material_code in s.deferred:
            s.deferred.discard(material_code)
        else:
            s.deferred.add(material_code)
            s.message = None
        self._retarget()
        self._changed()

    # ------------------------------------------------------------------ a clerk's call
    # the declaration as a video call with a clerk sees it (flows.video_call.CaseLink)
    def call_brief(self, step: str) -> CallBrief:
        s = self.session
        return case_brief(step, s.matter, self.material_check() if s.matter else None)

    def clerk_note(self, note: str) -> None:
        self.session.message = clerk_note_words(note)
        self._changed()

    def clerk_approved(self, material_code: str) -> Text | None:
        """The clerk accepts a missing material as handed in later (容缺, which the
        clerk approves at a counter too): it is deferred as if the resident had
        chosen it. None when the case is already sent or the matter does not allow it."""
        s = self.session
        if s.matter is None or s.draft is not None or not is_deferrable(s.matter, material_code):
            return None
        s.deferred.add(material_code)
        name = next(m.name for m in s.matter.materials if m.code == material_code)
        s.message = clerk_approved_words(name)
        self._retarget()
        self._changed()
        return name
