"""SelfPrintPresenter: 打印证照's flow state -> its screen, taps -> flow methods. The
identity check's screens are the shared ones (``JourneyScreens``); the document list
and the preview are this journey's own (``kiosk/ui/screens/self_print.py``)."""

from __future__ import annotations

import logging
from typing import Protocol

from device_contracts import Text
from file_checks.preview import PreviewError, make_preview
from file_checks.verdict import FileKind
from flows.self_print import SelfPrintSession
from kiosk.presenters.assisted import BACK_TO_CONSENT, STAFF_STATES
from kiosk.presenters.assisted import STATES as ASSISTED_STATES
from kiosk.presenters.journey import JourneyFlowPort, JourneyPresenter, JourneyScreens
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.screens.self_print import DocumentListScreen, DocumentPreviewScreen

log = logging.getLogger(__name__)

STEPS = ("step.identity", "step.choose_document", "step.preview", "step.print")
STEP_OF = {"listing": 1, "choosing": 1, "fetching": 2, "preview": 2, "printing": 3}
STEP_OF |= {"failed": 3, "done": 4}
MACHINE_BUSY = frozenset({"listing", "fetching", "printing", "face_check"})
#: where the footer's cancel ends the journey (nothing is printing)
_CANCEL = frozenset(
    {"reading_card", "face_check", "face_failed", "choosing", "preview", *ASSISTED_STATES}
)
#: the preview's longest side, in pixels (drawn from the verified PDF, one A4 page)
PREVIEW_SIDE = 1100


class SelfPrintFlowPort(JourneyFlowPort, Protocol):
    @property
    def session(self) -> SelfPrintSession: ...

    def start(self) -> None: ...
    def retry(self) -> None: ...
    def choose(self, doc_no: str) -> None: ...
    def back(self) -> None: ...
    def print_document(self) -> None: ...
    def another(self) -> None: ...


class SelfPrintScreens(JourneyScreens):
    def __init__(self) -> None:
        super().__init__("assisted.body_print")
        self.listing = BusyScreen("print_listing", "print_listing.title")
        self.choosing = DocumentListScreen()
        self.fetching = BusyScreen("print_fetching", "print_fetching.title")
        self.preview = DocumentPreviewScreen()
        self.printing = BusyScreen("printing_document", "printing.doc_title")
        self.done = ResultScreen(
            "print_done",
            "ok",
            "print_done.title",
            "print_done.body",
            "common.finish",
            "btn_finish",
            second=("print_done.another", "btn_print_another"),
        )
        self.failed = ResultScreen(
            "print_failed",
            "error",
            "print_failed.title",
            "print_failed.body",
            "common.back_home",
            "btn_print_home",
        )


class SelfPrintPresenter(JourneyPresenter[SelfPrintFlowPort, SelfPrintScreens]):
    """Drives the self-print screens from ``flow``; call :meth:`begin` to start."""

    machine_busy = MACHINE_BUSY

    def __init__(
        self, flow: SelfPrintFlowPort, shell: Shell, screens: SelfPrintScreens | None = None
    ) -> None:
        #: the preview drawn last: (the PDF it was drawn from, its JPEG)
        self._drawn: tuple[bytes, bytes | None] = (b"", None)
        super().__init__(flow, shell, screens or SelfPrintScreens.build())

    def begin(self) -> None:
        self._begin(self.flow.start)

    def back(self) -> None:
        if self._assisted.back():
            return
        if self.state == "preview":
            self.flow.back()
        else:
            self.cancel()

    def _render_state(self, state: str, previous: str) -> None:
        screen = self.screens.for_state(state)
        if screen is None:
            return
        s = self.flow.session
        self._render_identity(state, previous)
        if state == "choosing":
            self.screens.choosing.show_documents(s.documents)
        elif state == "preview" and s.chosen is not None:
            self.screens.preview.show_page(s.chosen.title, self._first_page(s.pdf))
        elif state == "failed":
            self.screens.failed.set_body(s.message)
        self.shell.set_footer(back=state in BACK_TO_CONSENT, cancel=state in _CANCEL)
        steps = () if state in STAFF_STATES else STEPS
        self.shell.set_steps(steps, STEP_OF.get(state, 0))
        self.shell.show_message(self._banner(state, s))
        self.shell.show_screen(screen)

    def _banner(self, state: str, s: SelfPrintSession) -> Text | None:
        if state in ASSISTED_STATES:
            return self._assisted.banner(state, s)
        # the result pages say it themselves; the list shows why a document was refused
        return None if state in {"face_failed", "failed", "done"} else s.message

    def _first_page(self, pdf: bytes) -> bytes | None:
        """The PDF's first page as a JPEG, drawn once per document (~30 ms: the platform's
        own one-page PDF, its seal checked, so in this process, not the intake's child)."""
        if self._drawn[0] != pdf:
            try:
                jpeg: bytes | None = make_preview(pdf, FileKind.PDF, PREVIEW_SIDE).jpeg
            except PreviewError as exc:
                log.warning("document preview failed", extra={"why": str(exc)})
                jpeg = None
            self._drawn = (pdf, jpeg)
        return self._drawn[1]

    def _journey_over(self) -> None:
        self._drawn = (b"", None)  # nothing of the resident's document kept
        super()._journey_over()

    def _connect(self, sc: SelfPrintScreens) -> None:
        sc.reading_card.retry_clicked.connect(self.flow.retry)
        self._connect_identity(sc)
        sc.choosing.chosen.connect(self.flow.choose)
        sc.preview.print_clicked.connect(self.flow.print_document)
        sc.preview.back_clicked.connect(self.flow.back)
        sc.done.clicked.connect(self._finish)
        sc.done.second_clicked.connect(self.flow.another)
        sc.failed.clicked.connect(self.cancel)
