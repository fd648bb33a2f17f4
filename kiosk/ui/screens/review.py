"""Review: the matter, the form values and the materials, before submitting.

ID and phone numbers are masked (press and hold to read one whole): the review is
the screen a passer-by, or a screenshot, is most likely to see in full."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from flows.commitment import SignedCommitment
from flows.domain import MaterialPage, Matter
from flows.masking import private_kind
from flows.ocr import MATCHES, ReadValue
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll, titled_grid
from kiosk.ui.screens.commitment import signed_card
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.masked import MaskedLabel
from kiosk.ui.widgets.money import amount_source
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


class ReviewScreen(Screen):
    """``btn_submit`` submits; values are labelled ``review_<key>``."""

    submit_clicked = Signal()
    #: back to the form to correct a value (``btn_edit_form``)
    edit_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("reviewing", parent)
        t = active_theme()
        self.add_heading(K("review.title"))
        content = QWidget()
        self._layout = QVBoxLayout(content)
        self._layout.setContentsMargins(0, 0, t.px(16), 0)
        self._layout.setSpacing(t.px(18))
        self.root.addWidget(scroll(content), 1)
        self.submit = TrButton(K("review.submit"), "primary", name="btn_submit")
        self.submit.setMinimumWidth(t.px(360))
        self.submit.clicked.connect(self.submit_clicked)
        self.primary_action = self.submit

    def show_review(
        self,
        matter: Matter | None,
        form: Mapping[str, str],
        pages: Sequence[MaterialPage],
        deferred: set[str],
        read: Mapping[str, ReadValue] | None = None,
        staff_checked: bool = False,
        licensed: frozenset[str] = frozenset(),
        delivery: Source = None,
        commitment: SignedCommitment | None = None,
    ) -> None:
        """``read``: form values read from the materials (OCR), listed for checking with
        a "correct" button; ``staff_checked``: the identity was checked by staff;
        ``delivery``: how the certificate comes back (the post's address masked)."""
        clear_layout(self._layout)
        if matter is None:
            return
        t = active_theme()
        top, top_layout = card()
        top_layout.addWidget(TrLabel(K("review.matter"), "muted"))
        top_layout.addWidget(TrLabel(matter.name, "title", name="review_matter"))
        top_layout.addWidget(
            TrLabel(K("matter.days", dept=matter.department, days=matter.processing_days), "muted")
        )
        if staff_checked:
            top_layout.addWidget(
                TrLabel(K("review.identity_staff"), "warn", name="review_identity")
            )
        if delivery is not None:
            top_layout.addWidget(TrLabel(delivery, "body", name="review_delivery"))
        if matter.fee_fen > 0:  # paid next, before the case goes (issue 23)
            fee = K("review.fee", amount=amount_source(matter.fee_fen))
            top_layout.addWidget(TrLabel(fee, "body", name="review_fee"))
        self._layout.addWidget(top)
        if commitment is not None:  # 告知承诺制: the signature, small, and what it signed
            self._layout.addWidget(signed_card(commitment))
        if read:
            self._layout.addWidget(self._read_card(matter, read))
        row = QHBoxLayout()
        row.setSpacing(t.px(18))
        fields, fields_layout, grid = titled_grid(K("review.form"), column_gap=24, row_gap=8)
        for i, f in enumerate(matter.fields):
            grid.addWidget(TrLabel(f.label, "muted"), i, 0)
            value = MaskedLabel(private_kind(f), form.get(f.key, ""), name=f"review_{f.key}")
            grid.addWidget(value, i, 1)
        grid.setColumnStretch(1, 1)
        if any(private_kind(f) for f in matter.fields):
            fields_layout.addWidget(TrLabel(K("mask.hold"), "muted", name="review_mask_hint"))
        fields_layout.addStretch(1)
        row.addWidget(fields, 3)
        materials, mat_layout, grid2 = titled_grid(K("review.materials"), column_gap=24, row_gap=8)
        for i, spec in enumerate(matter.materials):
            n = sum(1 for p in pages if p.material_code == spec.code)
            if n:
                status, role = K("review.pages", n=n), "ok"
            elif spec.code in licensed:
                status, role = K("review.licensed"), "ok"
            elif commitment is not None and spec.code in commitment.form.replaces:
                status, role = K("review.committed"), "ok"
            elif spec.code in deferred:
                status, role = K("review.deferred"), "warn"
            else:
                status, role = K("review.missing"), "muted"
            grid2.addWidget(TrLabel(spec.name, "body"), i, 0)
            grid2.addWidget(
                TrLabel(status, role, wrap=False, name=f"review_material_{spec.code}"), i, 1
            )
        grid2.setColumnStretch(0, 1)
        mat_layout.addStretch(1)
        row.addWidget(materials, 2)
        self._layout.addLayout(row)
        self._layout.addStretch(1)

    def _read_card(self, matter: Matter, read: Mapping[str, ReadValue]) -> QWidget:
        """What OCR read, field by field, with where from and a button to correct it."""
        t = active_theme()
        frame, layout = card()
        frame.setObjectName("review_read")
        head = QHBoxLayout()
        head.setSpacing(t.px(18))
        texts = QVBoxLayout()
        texts.addWidget(TrLabel(K("review.read"), "title"))
        texts.addWidget(TrLabel(K("review.read_hint"), "muted"))
        head.addLayout(texts, 1)
        edit = TrButton(K("review.edit"), "secondary", name="btn_edit_form")
        edit.clicked.connect(self.edit_clicked)
        head.addWidget(edit, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(head)
        grid = QGridLayout()
        grid.setHorizontalSpacing(t.px(24))
        grid.setVerticalSpacing(t.px(8))
        labels = {f.key: f.label for f in matter.fields}
        kinds = {f.key: private_kind(f) for f in matter.fields}
        materials = {m.code: m.name for m in matter.materials}
        for i, (key, value) in enumerate(sorted(read.items())):
            grid.addWidget(TrLabel(labels.get(key, key), "muted"), i, 0)
            shown = MaskedLabel(kinds.get(key), value.value, name=f"review_read_{key}")
            grid.addWidget(shown, i, 1)
            grid.addWidget(TrLabel(materials.get(value.material_code, ""), "muted"), i, 2)
            status: Source
            if value.note is not None:
                status, role = value.note, "error"
            elif value.filled:
                status, role = K("review.read_filled"), "ok"
            elif value.status == MATCHES:
                status, role = K("review.read_matches"), "ok"
            else:
                status, role = K("review.read_differs"), "warn"
            grid.addWidget(TrLabel(status, role, name=f"review_read_status_{key}"), i, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)
        return frame
