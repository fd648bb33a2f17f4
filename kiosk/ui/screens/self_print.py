"""打印证照's own pages: the person's documents to choose from, and the preview of the
chosen one's first page with print / back (the waiting, done and failed pages are the
shared busy and result screens)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from device_contracts import Text
from flows.self_print_ports import HeldDocument
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.screens.intake import _PreviewLabel as PagePicture
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, TrButton, TrLabel


class DocumentListScreen(Screen):
    """``screen_print_list``: one card per document with ``btn_doc_<doc_no>``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("print_list", parent)
        self.add_heading(K("print_list.title"))
        content = QWidget()
        self.rows = QVBoxLayout(content)
        self.rows.setSpacing(active_theme().px(14))
        self.root.addWidget(scroll(content), 1)

    def show_documents(self, documents: Sequence[HeldDocument]) -> None:
        clear_layout(self.rows)
        for d in documents:
            frame, layout = card(horizontal=True)
            info = QVBoxLayout()
            info.addWidget(TrLabel(d.title, "title", name=f"doc_{d.doc_no}"))
            issued = K("print_list.issued", issuer=d.issuer, date=d.issued_on)
            info.addWidget(TrLabel(issued, "body"))
            info.addWidget(TrLabel(Text(d.doc_no, d.doc_no), "muted"))
            layout.addLayout(info, 1)
            button = TrButton(K("print_list.choose"), "primary", name=f"btn_doc_{d.doc_no}")
            button.clicked.connect(lambda _=False, no=d.doc_no: self.chosen.emit(no))
            layout.addWidget(button)
            self.rows.addWidget(frame)
        self.rows.addStretch(1)


class DocumentPreviewScreen(Screen):
    """``screen_print_preview``: the first page (``print_page``) beside the words,
    ``btn_print`` and ``btn_preview_back``."""

    print_clicked = Signal()
    back_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("print_preview", parent)
        t = active_theme()
        self.add_heading(K("print_preview.title"))
        row = QHBoxLayout()
        row.setSpacing(t.px(40))
        self.page = PagePicture(t.px(520), t.px(300))
        self.page.setObjectName("print_page")
        row.addWidget(self.page)
        words = QVBoxLayout()
        self.document = TrLabel(None, "title", name="print_preview_document")
        words.addWidget(self.document)
        words.addWidget(TrLabel(K("print_preview.body"), "body"))
        words.addStretch(1)
        self.print = TrButton(K("print_preview.print"), "primary", name="btn_print")
        self.print.clicked.connect(self.print_clicked)
        self.back = TrButton(K("print_preview.back"), "secondary", name="btn_preview_back")
        self.back.clicked.connect(self.back_clicked)
        words.addWidget(self.print)
        words.addWidget(self.back)
        row.addLayout(words, 1)
        self.root.addLayout(row, 1)
        self.primary_action = self.print

    def show_page(self, title: Text, jpeg: bytes | None) -> None:
        """The document's name and its first page (None: the page could not be drawn;
        it still prints)."""
        self.document.set_source(title)
        picture = QPixmap()
        if jpeg is not None and picture.loadFromData(jpeg, "JPEG"):
            self.page.set_picture(picture)
        else:
            self.page.clear()
