"""The technician's site setup screen: one section of the site config at a time
(terminal, platform, screen, each device, the locker map as a board x channel
grid), a live test per device, problems named by key. A passive view: the
StaffPresenter pushes the draft in and connects the signals to the flow.

Names: sections ``btn_setup_<section>`` (dots as underscores), editors
``setup_<key>``, tests ``btn_setup_test_<kind>`` / ``setup_test_<kind>``, the
preview ``setup_preview``, grid cells ``btn_cell_<board>_<channel>``, the cell
editor ``setup_cell_id``, ``btn_cell_size_<S|M|L>``, ``btn_cell_role_<role>``,
``btn_cell_add``, ``btn_cell_remove``, problems ``setup_problems``, the save
notice ``setup_saved``, save ``btn_save_config``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from device_contracts import Image
from flows.site_setup import SetupDraft, SetupTestResult
from kiosk import i18n
from kiosk.site_setup import SetupField, section_fields
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel, current_lang, set_role

_SIZES = ("S", "M", "L")
_ROLES = ("drop", "pickup")


def _name(key: str) -> str:
    return key.replace(".", "_")


def _field_label(f: SetupField) -> Source:
    key = f"setup.key.{f.name}"

    def render(lang: str) -> str:
        label = i18n.tr(key, lang)
        if label == key or label == f.name:
            return f.name
        # the config file's key helps an English-reading technician find it in the
        # TOML; a Chinese screen shows Chinese only
        return label if i18n.normalize(lang) == "zh" else f"{label} · {f.name}"

    return render


def _section_label(section: str) -> Source:
    key = f"setup.section.{section}"

    def render(lang: str) -> str:
        label = i18n.tr(key, lang)
        return section.removeprefix("devices.") if label == key else label

    return render


def _pixmap(image: Image, height: int) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(image.data)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


class SiteSetupScreen(Screen):
    section_chosen = Signal(str)
    value_edited = Signal(str, object)
    driver_chosen = Signal(str, str)
    for_staff = True

    cell_chosen = Signal(int, int)
    cell_edited = Signal(str, str)
    cell_action = Signal(str)
    grow = Signal(str)
    test_clicked = Signal(str)
    save_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("site_setup", parent)
        t = active_theme()
        self.add_heading(K("setup.title"), None)
        self.problems = TrLabel(None, "error", name="setup_problems")
        self.problems.hide()
        self.root.addWidget(self.problems)
        self.saved = TrLabel(None, "ok", name="setup_saved")
        self.saved.hide()
        self.root.addWidget(self.saved)
        row = QHBoxLayout()
        row.setSpacing(t.px(24))
        nav_box = QWidget()
        self.nav = QVBoxLayout(nav_box)
        self.nav.setContentsMargins(0, 0, t.px(8), 0)
        self.nav.setSpacing(t.px(8))
        nav_area = scroll(nav_box)
        nav_area.setFixedWidth(t.px(340))
        row.addWidget(nav_area, 0)
        frame, frame_layout = card()
        content = QWidget()
        self.body = QVBoxLayout(content)
        self.body.setContentsMargins(0, 0, t.px(8), 0)
        self.body.setSpacing(t.px(14))
        self._area = scroll(content)
        frame_layout.addWidget(self._area, 1)
        row.addWidget(frame, 1)
        self.root.addLayout(row, 1)
        self.save = TrButton(K("setup.save"), "primary", name="btn_save_config")
        self.save.clicked.connect(self.save_clicked)
        self.primary_action = self.save
        self._nav_buttons: dict[str, TrButton] = {}
        self._shape: object = None
        self._editors: dict[str, QLineEdit | QComboBox] = {}
        self._fields: dict[str, SetupField] = {}
        self._cells: dict[tuple[int, int], TrButton] = {}
        self._test_label: TrLabel | None = None
        self._preview: QLabel | None = None
        self._cell_id: QLineEdit | None = None
        self._cell_buttons: dict[str, TrButton] = {}
        self._draft: SetupDraft | None = None

    # ------------------------------------------------------------ updates
    def show_setup(self, draft: SetupDraft | None, busy: bool) -> None:
        self._draft = draft
        self.save.setEnabled(draft is not None and not busy)
        if draft is None:
            self._shape = None
            clear_layout(self.body)
            self.body.addWidget(TrLabel(K("setup.loading"), "muted"))
            self.subtitle.hide()
            return
        if draft.source == draft.target:
            self.subtitle.set_source(K("setup.file", path=draft.target))
        else:
            self.subtitle.set_source(
                K("setup.file_target", source=draft.source, target=draft.target)
            )
        self.subtitle.show()
        self._show_nav(draft)
        shape = self._shape_of(draft)
        if shape != self._shape:
            self._shape = shape
            self._build(draft)
        self._fill(draft)
        problems = "\n".join(str(p) for p in draft.problems)
        self.problems.set_source(
            (lambda lang: f"{i18n.tr('setup.problems', lang)}\n{problems}") if problems else None
        )
        self.problems.setVisible(bool(problems))
        saved = draft.saved
        self.saved.set_source(
            K("setup.unsaved")
            if draft.dirty and saved is None
            else _saved_text(saved.path, saved.backup)
            if saved is not None
            else None
        )
        set_role(self.saved, "warn" if saved is None else "ok")
        self.saved.setVisible(saved is not None or draft.dirty)

    def _show_nav(self, draft: SetupDraft) -> None:
        sections = draft.sections()
        if list(self._nav_buttons) != sections:
            clear_layout(self.nav)
            self._nav_buttons = {}
            for section in sections:
                button = TrButton(
                    _section_label(section), "secondary", name=f"btn_setup_{_name(section)}"
                )
                button.clicked.connect(lambda _=False, s=section: self.section_chosen.emit(s))
                self.nav.addWidget(button)
                self._nav_buttons[section] = button
            self.nav.addStretch(1)
        problem_sections = {_section_of(p.key) for p in draft.problems}
        for section, button in self._nav_buttons.items():
            role = "primary" if section == draft.section else "secondary"
            if section in problem_sections and section != draft.section:
                role = "danger"
            set_role(button, role)

    def _shape_of(self, draft: SetupDraft) -> object:
        if draft.section == "lockers":
            cell = draft.cell
            occupied = cell is not None and draft.compartment_at(*cell) is not None
            return ("lockers", draft.grid(), cell, occupied)
        fields = section_fields(draft.data, draft.section)
        return (draft.section, tuple((f.key, f.kind, f.choices) for f in fields))

    # ------------------------------------------------------------ building
    def _build(self, draft: SetupDraft) -> None:
        clear_layout(self.body)
        self._editors, self._fields, self._cells = {}, {}, {}
        self._test_label, self._preview, self._cell_id = None, None, None
        self._cell_buttons = {}
        self.body.addWidget(TrLabel(_section_label(draft.section), "title"))
        if draft.section == "lockers":
            self._build_grid(draft)
        else:
            self._build_form(draft)
        self.body.addStretch(1)

    def _build_form(self, draft: SetupDraft) -> None:
        t = active_theme()
        grid = QGridLayout()
        grid.setHorizontalSpacing(t.px(20))
        grid.setVerticalSpacing(t.px(10))
        for row, f in enumerate(section_fields(draft.data, draft.section)):
            grid.addWidget(TrLabel(_field_label(f), "body"), row, 0)
            editor = self._editor(f)
            editor.setMinimumHeight(t.px(60))
            grid.addWidget(editor, row, 1)
            self._editors[f.key] = editor
            self._fields[f.key] = f
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        if draft.section.startswith("devices."):
            kind = draft.section.removeprefix("devices.")
            line = QHBoxLayout()
            line.setSpacing(t.px(16))
            button = TrButton(K("setup.test"), "secondary", name=f"btn_setup_test_{kind}")
            button.setMinimumWidth(t.px(220))
            button.clicked.connect(lambda _=False, k=kind: self.test_clicked.emit(k))
            line.addWidget(button, 0)
            self._test_label = TrLabel(None, "muted", name=f"setup_test_{kind}")
            line.addWidget(self._test_label, 1)
            self.body.addLayout(line)
            self._preview = QLabel()
            self._preview.setObjectName("setup_preview")
            self._preview.hide()
            self.body.addWidget(self._preview, 0, Qt.AlignmentFlag.AlignLeft)

    def _editor(self, f: SetupField) -> QLineEdit | QComboBox:
        name = f"setup_{f.key}"
        if f.kind in {"choice", "bool"}:
            combo = QComboBox()
            combo.setObjectName(name)
            if f.kind == "bool":
                combo.addItem(i18n.tr("setup.yes", current_lang()), True)
                combo.addItem(i18n.tr("setup.no", current_lang()), False)
            else:
                for choice in f.choices:
                    combo.addItem(choice, choice)
            combo.activated.connect(lambda _i, k=f.key, c=combo: self._chosen(k, c.currentData()))
            return combo
        edit = QLineEdit()
        edit.setObjectName(name)
        # ports, URLs, ids: the on-screen keyboard opens in letters (numbers for numbers)
        numeric = f.kind in ("int", "float")
        edit.setInputMethodHints(
            Qt.InputMethodHint.ImhPreferNumbers if numeric else Qt.InputMethodHint.ImhLatinOnly
        )
        if f.kind == "secret":
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.textEdited.connect(lambda text, k=f.key: self._typed(k, text))
        return edit

    def _typed(self, key: str, text: str) -> None:
        f = self._fields.get(key)
        if f is not None:
            self.value_edited.emit(key, f.parse(text))

    def _chosen(self, key: str, value: Any) -> None:
        f = self._fields.get(key)
        if f is None:
            return
        if f.name == "driver" and key.startswith("devices."):
            self.driver_chosen.emit(key.split(".")[1], str(value))
        else:
            self.value_edited.emit(key, value)

    def _build_grid(self, draft: SetupDraft) -> None:
        t = active_theme()
        self.body.addWidget(TrLabel(K("setup.grid.hint"), "muted"))
        self._summary = TrLabel(None, "body", name="setup_grid_summary")
        self.body.addWidget(self._summary)
        row = QHBoxLayout()
        row.setSpacing(t.px(24))
        grid = QGridLayout()
        grid.setSpacing(t.px(8))
        boards, channels = draft.grid()
        for column in range(1, channels + 1):
            grid.addWidget(
                TrLabel(str(column), "muted", align=Qt.AlignmentFlag.AlignCenter), 0, column
            )
        for r, board in enumerate(boards, start=1):
            grid.addWidget(TrLabel(K("setup.grid.board", board=board), "body", wrap=False), r, 0)
            for column in range(1, channels + 1):
                cell = TrButton(None, "secondary", name=f"btn_cell_{board}_{column}")
                cell.setMinimumSize(t.px(112), t.px(80))
                cell.setStyleSheet(f"font-size: {t.px(18)}px; padding: 2px;")
                cell.clicked.connect(lambda _=False, b=board, c=column: self.cell_chosen.emit(b, c))
                grid.addWidget(cell, r, column)
                self._cells[(board, column)] = cell
        grow = QHBoxLayout()
        grow.setSpacing(t.px(12))
        for what in ("board", "channel"):
            button = TrButton(K(f"setup.grid.add_{what}"), "quiet", name=f"btn_grid_{what}")
            button.clicked.connect(lambda _=False, w=what: self.grow.emit(w))
            grow.addWidget(button)
        grow.addStretch(1)
        row.addLayout(grid, 0)
        row.addStretch(1)
        self.body.addLayout(row)
        self.body.addLayout(grow)
        editor = self._cell_editor(draft)
        self.body.addWidget(editor)
        if draft.cell is not None:  # bring the chosen cell's editor into view
            QTimer.singleShot(30, lambda: self._reveal(editor))

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the section down (never sideways) until ``widget`` is in view."""
        bar = self._area.verticalScrollBar()
        bottom = widget.y() + widget.height() - self._area.viewport().height()
        bar.setValue(max(bar.value(), min(widget.y(), bottom)))

    def _cell_editor(self, draft: SetupDraft) -> QWidget:
        t = active_theme()
        frame, layout = card()
        cell = draft.cell
        if cell is None:
            layout.addWidget(TrLabel(K("setup.cell.none"), "muted"))
            return frame
        layout.addWidget(TrLabel(K("setup.cell.title", board=cell[0], channel=cell[1]), "title"))
        if draft.compartment_at(*cell) is None:
            line = QHBoxLayout()
            line.addWidget(TrLabel(K("setup.cell.empty"), "muted"), 1)
            add = TrButton(K("setup.cell.add"), "primary", name="btn_cell_add")
            add.clicked.connect(lambda: self.cell_action.emit("add"))
            line.addWidget(add, 0)
            layout.addLayout(line)
            return frame
        values = QGridLayout()
        values.setHorizontalSpacing(t.px(16))
        values.setVerticalSpacing(t.px(10))
        values.addWidget(TrLabel(K("setup.cell.id"), "body"), 0, 0)
        self._cell_id = QLineEdit()
        self._cell_id.setObjectName("setup_cell_id")
        self._cell_id.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhPreferUppercase
        )
        self._cell_id.setMinimumHeight(t.px(60))
        self._cell_id.setMaximumWidth(t.px(260))
        self._cell_id.textEdited.connect(lambda text: self.cell_edited.emit("id", text))
        values.addWidget(self._cell_id, 0, 1)
        for row, (option, choices) in enumerate((("size", _SIZES), ("role", _ROLES)), start=1):
            values.addWidget(TrLabel(K(f"setup.cell.{option}"), "body"), row, 0)
            line = QHBoxLayout()
            line.setSpacing(t.px(10))
            for value in choices:
                button = TrButton(
                    K(f"setup.{option}.{value}"), "secondary", name=f"btn_cell_{option}_{value}"
                )
                button.clicked.connect(
                    lambda _=False, o=option, v=value: self.cell_edited.emit(o, v)
                )
                line.addWidget(button)
                self._cell_buttons[f"{option}.{value}"] = button
            line.addStretch(1)
            values.addLayout(line, row, 1)
        values.setColumnStretch(1, 1)
        layout.addLayout(values)
        actions = QHBoxLayout()
        actions.setSpacing(t.px(16))
        test = TrButton(K("setup.test_door"), "secondary", name="btn_setup_test_lockers")
        test.clicked.connect(lambda: self.test_clicked.emit("lockers"))
        actions.addWidget(test, 0)
        remove = TrButton(K("setup.cell.remove"), "danger", name="btn_cell_remove")
        remove.clicked.connect(lambda: self.cell_action.emit("remove"))
        actions.addWidget(remove, 0)
        self._test_label = TrLabel(None, "muted", name="setup_test_lockers")
        actions.addWidget(self._test_label, 1)
        layout.addLayout(actions)
        return frame

    # ------------------------------------------------------------ values
    def _fill(self, draft: SetupDraft) -> None:
        problem_keys = {p.key for p in draft.problems}
        fields = {f.key: f for f in section_fields(draft.data, draft.section)}
        for key, editor in self._editors.items():
            f = fields.get(key)
            if f is None:
                continue
            self._fields[key] = f
            if isinstance(editor, QComboBox):
                index = editor.findData(f.value)
                if index < 0 and f.value is not None:
                    editor.addItem(f.display(), f.value)
                    index = editor.count() - 1
                if index != editor.currentIndex():
                    editor.blockSignals(True)
                    editor.setCurrentIndex(index)
                    editor.blockSignals(False)
            elif editor.text() != f.display() and not editor.hasFocus():
                editor.setText(f.display())
            editor.setProperty("error", key in problem_keys)
            editor.style().unpolish(editor)
            editor.style().polish(editor)
        if draft.section == "lockers":
            self._fill_grid(draft)
            kind = "lockers"
        else:
            kind = draft.section.removeprefix("devices.")
        self._show_test(draft.tests.get(kind))

    def _fill_grid(self, draft: SetupDraft) -> None:
        compartments = draft.compartments()
        drop = sum(1 for c in compartments if c.get("role") == "drop")
        self._summary.set_source(
            K("setup.grid.summary", n=len(compartments), drop=drop, pickup=len(compartments) - drop)
        )
        bad_cells = {
            _cell_of(compartments, p.key) for p in draft.problems if p.key.startswith("lockers.")
        }
        for (board, channel), button in self._cells.items():
            found = draft.compartment_at(board, channel)
            if found is None:
                button.set_source("+")
                role = "quiet"
            else:
                index, c = found
                button.set_source(
                    _cell_text(str(c.get("id", "")), str(c.get("size", "")), str(c.get("role", "")))
                )
                role = "danger" if index in bad_cells else "tile"
            if draft.cell == (board, channel):
                role = "primary"
            set_role(button, role)
        found = draft.compartment_at(*draft.cell) if draft.cell is not None else None
        if found is not None and self._cell_id is not None:
            entry = found[1]
            if self._cell_id.text() != str(entry.get("id", "")) and not self._cell_id.hasFocus():
                self._cell_id.setText(str(entry.get("id", "")))
            for key, button in self._cell_buttons.items():
                option, value = key.split(".")
                set_role(button, "primary" if entry.get(option) == value else "secondary")

    def _show_test(self, result: SetupTestResult | None) -> None:
        if self._test_label is not None:
            self._test_label.set_source(result.text if result is not None else None)
            role = "muted" if result is None or result.running else "ok" if result.ok else "error"
            set_role(self._test_label, role)
        if self._preview is not None:
            image = result.image if result is not None else None
            if image is None:
                self._preview.hide()
            else:
                self._preview.setPixmap(_pixmap(image, active_theme().px(300)))
                self._preview.show()

    def retranslate_ui(self) -> None:
        self._shape = None  # combo items are translated when rebuilt
        if self._draft is not None:
            self.show_setup(self._draft, not self.save.isEnabled())


def _cell_text(label: str, size: str, role: str) -> Source:
    def render(lang: str) -> str:
        return f"{label}\n{size} · {i18n.tr(f'setup.role.{role}', lang)}"

    return render


def _saved_text(path: str, backup: str | None) -> Source:
    from flows.staff_messages import config_saved

    return config_saved(path, backup)


def _section_of(key: str) -> str:
    parts = key.split(".")
    if parts[0] == "devices" and len(parts) > 1:
        return f"devices.{parts[1]}"
    return parts[0].split("[")[0]


def _cell_of(compartments: list[dict[str, Any]], key: str) -> int | None:
    if "[" not in key:
        return None
    try:
        return int(key.split("[", 1)[1].split("]", 1)[0])
    except ValueError:
        return None
