"""The form: fields pre-filled from the ID card, errors beside each field.

What the card's chip said (name, ID number, sex, birth, address) is read-only; ID
and phone numbers are masked once entered (kiosk/ui/widgets/masked.py)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QVBoxLayout, QWidget

from device_contracts import Text
from flows.domain import FieldKind, FormField, Matter
from flows.masking import mask, private_kind
from flows.ocr import MATCHES, ReadValue
from kiosk import i18n
from kiosk.ui.screens.base import Screen, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.masked import MaskedLineEdit
from kiosk.ui.widgets.tr import K, TrButton, TrLabel, current_lang

Editor = QLineEdit | QComboBox

#: text fields that hold numbers (ID and account numbers, amounts, years): the catalogue
#: has no field kind for them, so the key says it
NUMERIC_KEY_SUFFIXES = ("id_number", "bank_account", "amount", "capital", "year")


def _label(f: FormField) -> Text:
    star = " *" if f.required else ""
    return Text(f.label.zh + star, f.label.en + star)


class FormScreen(Screen):
    """Editors are named ``field_<key>``, error labels ``error_<key>``; ``btn_next``."""

    field_edited = Signal(str, str)
    next_clicked = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        screen_id: str = "filling_form",
        heading: tuple[str, str] = ("form.title", "form.hint"),
        next_label: str = "form.next",
    ) -> None:
        """``screen_id``, ``heading`` (title and hint keys) and ``next_label`` (a key):
        another form of the journey's (the delivery address) built the same way."""
        super().__init__(screen_id, parent)
        t = active_theme()
        self.matter_name = TrLabel(None, "title", name="form_matter")
        self.matter_name.setProperty("role", "matter")
        self.add_heading(K(heading[0]), K(heading[1]), aside=self.matter_name)
        self._fields_host = QWidget()
        self._grid = QGridLayout(self._fields_host)
        self._grid.setContentsMargins(0, 0, t.px(16), 0)
        self._grid.setHorizontalSpacing(t.px(40))
        self._grid.setVerticalSpacing(t.px(10))
        self.root.addWidget(scroll(self._fields_host), 1)
        # the primary action sits in the window's footer (see Screen.primary_action)
        self.next = TrButton(K(next_label), "primary", name="btn_next")
        self.next.setMinimumWidth(t.px(320))
        self.next.clicked.connect(self.next_clicked)
        self.primary_action = self.next
        self._matter_code = ""
        self._fields: tuple[FormField, ...] = ()
        self.editors: dict[str, Editor] = {}
        self.errors: dict[str, TrLabel] = {}
        #: "read from <material>, please check" under a field OCR filled (``read_<key>``)
        self.read_labels: dict[str, TrLabel] = {}

    # -- data --------------------------------------------------------------------
    def show_form(
        self,
        matter: Matter | None,
        values: Mapping[str, str],
        errors: Mapping[str, Text],
        read: Mapping[str, ReadValue] | None = None,
        locked: frozenset[str] = frozenset(),
    ) -> None:
        """``read``: values read from the materials (OCR), shown under their field;
        ``locked``: the fields read from the ID card's chip, shown but not editable."""
        self.show_fields(
            matter.code if matter else "", matter.fields if matter else (), values, errors, locked
        )
        self.matter_name.set_source(matter.name if matter else None)
        for f in self._fields:
            self._show_read(f, (read or {}).get(f.key), matter)

    def show_fields(
        self,
        key: str,
        fields: tuple[FormField, ...],
        values: Mapping[str, str],
        errors: Mapping[str, Text],
        locked: frozenset[str] = frozenset(),
    ) -> None:
        """``fields`` with their values and errors; rebuilt when ``key`` changes."""
        if key != self._matter_code:
            self._matter_code = key
            self._fields = fields
            self._build()
        for f in self._fields:
            self._set_value(f, values.get(f.key, ""))
            error = errors.get(f.key)
            label = self.errors[f.key]
            label.set_source(error)
            label.setVisible(error is not None)
            editor = self.editors[f.key]
            if isinstance(editor, QLineEdit):
                editor.setReadOnly(f.key in locked)
            else:
                editor.setEnabled(f.key not in locked)
            editor.setProperty("error", error is not None)
            editor.style().unpolish(editor)
            editor.style().polish(editor)

    def _show_read(self, f: FormField, value: ReadValue | None, matter: Matter | None) -> None:
        label = self.read_labels[f.key]
        if value is None or matter is None or value.status == MATCHES:
            label.hide()
            return
        if value.filled:
            material = next((m.name for m in matter.materials if m.code == value.material_code), "")
            label.set_source(value.note or K("ocr.read_from", material=material))
        else:
            label.set_source(K("ocr.differs", value=mask(private_kind(f), value.value)))
        label.show()

    def retranslate_ui(self) -> None:
        lang = current_lang()
        for f in self._fields:
            editor = self.editors.get(f.key)
            if isinstance(editor, QComboBox):
                editor.blockSignals(True)
                editor.setItemText(0, i18n.tr("form.choose", lang))
                for i, choice in enumerate(f.choices, start=1):
                    editor.setItemText(i, choice.get(lang))
                editor.blockSignals(False)

    # -- building --------------------------------------------------------------------
    def _build(self) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            w = item.widget() if item is not None else None
            if w is not None:
                w.hide()
                w.deleteLater()
        self.editors.clear()
        self.errors.clear()
        self.read_labels.clear()
        for i, f in enumerate(self._fields):
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, active_theme().px(8))
            box.setSpacing(active_theme().px(6))
            box.addWidget(TrLabel(_label(f), "body", name=f"label_{f.key}"))
            editor = self._editor(f)
            box.addWidget(editor)
            error = TrLabel(None, "error", name=f"error_{f.key}")
            error.hide()
            box.addWidget(error)
            read = TrLabel(None, "warn", name=f"read_{f.key}")
            read.hide()
            box.addWidget(read)
            self.read_labels[f.key] = read
            box.addStretch(1)
            self.editors[f.key] = editor
            self.errors[f.key] = error
            self._grid.addWidget(cell, i // 2, i % 2, Qt.AlignmentFlag.AlignTop)
        self._grid.setRowStretch(len(self._fields) // 2 + 1, 1)

    def _editor(self, f: FormField) -> Editor:
        lang = current_lang()
        if f.kind is FieldKind.CHOICE:
            combo = QComboBox()
            combo.setObjectName(f"field_{f.key}")
            combo.addItem(i18n.tr("form.choose", lang), "")
            for choice in f.choices:
                combo.addItem(choice.get(lang), choice.zh)
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, k=f.key: self.field_edited.emit(k, str(c.currentData() or ""))
            )
            return combo
        kind = private_kind(f)
        edit = QLineEdit() if kind is None else MaskedLineEdit(kind)
        edit.setObjectName(f"field_{f.key}")
        if f.kind is FieldKind.PHONE:
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
            edit.setValidator(QRegularExpressionValidator(r"[0-9 \-]{0,20}", edit))
        elif f.kind is FieldKind.DATE:
            edit.setPlaceholderText("YYYY-MM-DD")
            edit.setInputMethodHints(Qt.InputMethodHint.ImhDate)
        elif f.key.endswith(NUMERIC_KEY_SUFFIXES):
            # the on-screen keyboard opens in numbers (an ID number's X is there too)
            edit.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
        edit.textEdited.connect(lambda text, k=f.key: self.field_edited.emit(k, text))
        return edit

    def _set_value(self, f: FormField, value: str) -> None:
        editor = self.editors[f.key]
        if isinstance(editor, QComboBox):
            index = max(0, editor.findData(value))
            if editor.currentIndex() != index:
                editor.blockSignals(True)
                editor.setCurrentIndex(index)
                editor.blockSignals(False)
        elif isinstance(editor, MaskedLineEdit):
            editor.set_value(value)
        elif editor.text() != value:
            editor.setText(value)  # setText does not emit textEdited
