"""Staff mode screens: card, PIN, menu, retrieval list, open drop door, loading,
loaded, maintenance. Passive views: the StaffPresenter pushes data in and
connects their signals to the flow."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from device_contracts import Image
from flows.domain import AuditEntry, HealthCheck
from flows.handover import RetrievalItem
from flows.staff import LiveTest, TestResult
from kiosk import i18n, status_words
from kiosk.staff_directory import GESTURE_STAFF_ID
from kiosk.ui.screens.base import Screen, card, clear_layout, scroll, titled_grid
from kiosk.ui.screens.card_reading import CardReadingScreen
from kiosk.ui.theme import active_theme
from kiosk.ui.widgets.illustrations import LockerIllustration
from kiosk.ui.widgets.keypad import NumericKeypad, keypad_page
from kiosk.ui.widgets.picture_beside import picture_beside_words
from kiosk.ui.widgets.tiles import TileChoice, TileGrid
from kiosk.ui.widgets.tr import K, Source, TrButton, TrLabel


class StaffCardScreen(CardReadingScreen):
    """Waiting for a staff card: staff login (``staff_card``) and the assisted path's
    staff confirmation (``assist_card``, with ``btn_staff_card_retry`` after a failed read)."""

    def __init__(
        self,
        screen_id: str = "staff_card",
        title_key: str = "staff.card.title",
        body_key: str = "staff.card.body",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(
            screen_id,
            title=K(title_key),
            body=K(body_key),
            status=K("staff.card.waiting"),
            retry=(K("card.retry"), "btn_staff_card_retry"),
            parent=parent,
        )
        # staff login is a staff member's page; the assisted path's confirmation is
        # part of the resident's journey (the resident stands there and may need help)
        self.for_staff = screen_id.startswith("staff")


class PinScreen(Screen):
    """A 6-digit PIN on the keypad; the display shows dots, never the digits. Staff login
    (``staff_pin``) and the assisted path's staff confirmation (``assist_pin``)."""

    pin_submitted = Signal(str)

    def __init__(
        self,
        screen_id: str = "staff_pin",
        title_key: str = "staff.pin.title",
        body_key: str = "staff.pin.body",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(screen_id, parent)
        # staff login is a staff member's page; the assisted path's confirmation is
        # part of the resident's journey (the resident stands there and may need help)
        self.for_staff = screen_id.startswith("staff")
        t = active_theme()
        side = QVBoxLayout()
        side.setSpacing(t.px(24))
        side.addStretch(1)
        side.addWidget(TrLabel(K(title_key), "h1", name=f"{screen_id}_title"))
        side.addWidget(TrLabel(K(body_key), "body"))
        self.keypad = NumericKeypad(6, embed_display=False)
        self.keypad.changed.connect(self._mask)
        side.addWidget(self.keypad.display)
        side.addStretch(2)
        keypad_page(self.root, side, self.keypad, self._submit)

    def _mask(self, code: str) -> None:
        self.keypad.display.set_code("•" * len(code))

    def _submit(self, pin: str) -> None:
        self.keypad.clear()
        self.pin_submitted.emit(pin)

    def reset_entry(self) -> None:
        self.keypad.clear()

    def set_busy(self, busy: bool) -> None:
        self.keypad.set_enabled_input(not busy)


class StaffMenuScreen(Screen):
    """Buttons ``btn_staff_retrieve``, ``btn_staff_load``, ``btn_staff_maintain``, ``btn_staff_logout``."""

    for_staff = True

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("staff_menu", parent)
        self.logout = TrButton(K("staff.logout"), "secondary", name="btn_staff_logout")
        self.logout.clicked.connect(lambda: self.chosen.emit("logout"))
        self.add_heading(K("staff.menu.title"), None, aside=self.logout)
        self.who = TrLabel(None, "title", name="staff_who")
        self.root.addWidget(self.who)
        # each staff journey wears a resident service's pictogram
        icons = {"retrieve": "declare", "load": "collect", "maintain": "progress"}
        grid = TileGrid(
            (
                TileChoice(
                    action,
                    icon,
                    K(f"staff.{action}"),
                    K(f"staff.{action}.desc"),
                    f"btn_staff_{action}",
                )
                for action, icon in icons.items()
            ),
            self.chosen.emit,
        )
        self.tiles = grid.tiles
        self.root.addLayout(grid, 1)
        self.hint = TrLabel(None, "muted")
        self.root.addWidget(self.hint)

    def show_member(self, staff_id: str, role: str, timeout_s: float) -> None:
        role_name = K(f"staff.role.{role}")
        self.who.set_source(
            K("staff.menu.who_gesture", role=role_name)
            if staff_id == GESTURE_STAFF_ID  # no staff number: not "工号 maintenance"
            else K("staff.menu.who", staff_id=staff_id, role=role_name)
        )
        self.tiles["retrieve"].setVisible(role == "clerk")
        self.tiles["load"].setVisible(role == "clerk")
        self.tiles["maintain"].setVisible(role == "technician")
        self.hint.set_source(K("staff.timeout_hint", seconds=int(timeout_s)))


def _check_detail(check: HealthCheck) -> Source:
    """The summary in the screen's language, and the next step when not fine."""
    step = check.next_step if not (check.ok and not check.warning) else None

    def render(lang: str) -> str:
        said = status_words.summary(check.summary, lang)
        return f"{said} — {step.get(lang)}" if step is not None else said

    return render


def _check_name(name: str) -> Source:
    """A status line's name in words ("printer" is 回执打印机 on a Chinese screen):
    the devices as the site setup names them, then the other checks."""

    def render(lang: str) -> str:
        for key in (f"setup.section.devices.{name}", f"maintenance.check.{name}"):
            if key in i18n.STRINGS:
                return i18n.tr(key, lang)
        return name

    return render


def _time(iso: str) -> str:
    return iso[5:16].replace("T", " ") if len(iso) >= 16 else iso


class RetrievalScreen(Screen):
    """One row per drop compartment with ``btn_open_<id>``; ``btn_finish_retrieval``."""

    for_staff = True

    open_clicked = Signal(str)
    finish_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("retrieval", parent)
        self.add_heading(K("retrieval.title"), K("retrieval.subtitle", n=0, done=0))
        content = QWidget()
        self.rows = QVBoxLayout(content)
        self.rows.setSpacing(active_theme().px(12))
        self.root.addWidget(scroll(content), 1)
        self.finish = TrButton(K("retrieval.finish"), "primary", name="btn_finish_retrieval")
        self.finish.clicked.connect(self.finish_clicked)
        self.primary_action = self.finish

    def show_items(self, items: Sequence[RetrievalItem], busy: bool) -> None:
        done = sum(1 for i in items if i.outcome is not None)
        self.subtitle.set_source(K("retrieval.subtitle", n=len(items), done=done))
        self.subtitle.show()
        clear_layout(self.rows)
        t = active_theme()
        if not items:
            self.rows.addWidget(TrLabel(K("retrieval.empty"), "title"))
        for item in items:
            frame, layout = card(horizontal=True)
            layout.addWidget(TrLabel(item.compartment_id, "huge"), 0)
            info = QVBoxLayout()
            info.addWidget(TrLabel(item.matter_name or item.case_ref, "title"))
            if item.matter_name is not None:
                info.addWidget(TrLabel(K("drop_open.case", case=item.case_ref), "muted"))
            when: Source = (
                K("retrieval.time", time=_time(item.deposited_at))
                if item.deposited_at
                else K("retrieval.time_unknown")
            )
            info.addWidget(TrLabel(when, "muted"))
            layout.addLayout(info, 1)
            if item.outcome is None:
                button = TrButton(
                    K("retrieval.open"), "primary", name=f"btn_open_{item.compartment_id}"
                )
                button.setMinimumWidth(t.px(180))
                button.setEnabled(not busy)
                button.clicked.connect(
                    lambda _=False, c=item.compartment_id: self.open_clicked.emit(c)
                )
                layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            else:
                kind = "warn" if item.outcome.value == "missing" else "ok"
                layout.addWidget(TrLabel(K(f"retrieval.outcome.{item.outcome.value}"), kind), 0)
            self.rows.addWidget(frame)
        self.rows.addStretch(1)


class DoorScreen(Screen):
    """A compartment is open: the locker picture, what to do, and optional buttons."""

    for_staff = True

    chosen = Signal(str)

    def __init__(
        self,
        screen_id: str,
        title_key: str,
        body_key: str,
        buttons: Sequence[tuple[str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(screen_id, parent)
        t = active_theme()
        self._title_key = title_key
        self.locker = LockerIllustration()
        self.heading = TrLabel(None, "h1", name=f"{screen_id}_title")
        self.detail = TrLabel(None, "muted", name=f"{screen_id}_detail")
        words: list[QWidget | QHBoxLayout] = [
            self.heading,
            TrLabel(K(body_key), "title"),
            self.detail,
        ]
        if buttons:
            line = QHBoxLayout()
            line.setSpacing(t.px(20))
            for action, key, role in buttons:
                button = TrButton(K(key), role, name=f"btn_{action}")
                button.clicked.connect(lambda _=False, a=action: self.chosen.emit(a))
                line.addWidget(button)
            line.addStretch(1)
            words.append(line)
        self.root.addLayout(
            picture_beside_words(self.locker, words, picture_stretch=4, spacing=22), 1
        )

    def show_door(self, compartment_id: str, detail: Source) -> None:
        self.locker.set_compartment(compartment_id)
        self.heading.set_source(K(self._title_key, compartment=compartment_id))
        self.detail.set_source(detail)


class LoadCaseScreen(Screen):
    """Case code field ``field_case_code``, sizes ``btn_size_S/M/L``, ``btn_load_ok``."""

    for_staff = True

    case_submitted = Signal(str)
    size_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("load_case", parent)
        t = active_theme()
        self.add_heading(K("load.title"), K("load.body"))
        frame, layout = card()
        self.edit = QLineEdit()
        self.edit.setObjectName("field_case_code")
        # the on-screen keyboard opens in capitals: CASE-20261123-000042
        self.edit.setInputMethodHints(
            Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhPreferUppercase
        )
        self.edit.setMinimumHeight(t.px(72))
        self.edit.returnPressed.connect(self._submit)
        layout.addWidget(self.edit)
        layout.addWidget(TrLabel(K("load.size"), "title"))
        sizes = QHBoxLayout()
        sizes.setSpacing(t.px(16))
        self.sizes: dict[str, TrButton] = {}
        for size in ("S", "M", "L"):
            button = TrButton(K(f"load.size.{size}"), "secondary", name=f"btn_size_{size}")
            button.setCheckable(True)
            button.setMinimumWidth(t.px(160))
            button.clicked.connect(lambda _=False, s=size: self.size_chosen.emit(s))
            self.sizes[size] = button
            sizes.addWidget(button)
        sizes.addStretch(1)
        layout.addLayout(sizes)
        self.root.addWidget(frame)
        self.loaded = TrLabel(None, "ok", name="load_done_list")
        self.root.addWidget(self.loaded)
        self.root.addStretch(1)
        self.ok = TrButton(K("load.ok"), "primary", name="btn_load_ok")
        self.ok.clicked.connect(self._submit)
        self.primary_action = self.ok
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        from kiosk.ui.widgets.tr import render

        self.edit.setPlaceholderText(render(K("load.placeholder")))

    def _submit(self) -> None:
        self.case_submitted.emit(self.edit.text())

    def show_entry(self, *, size: str, loaded: Sequence[tuple[str, str]], busy: bool) -> None:
        for key, button in self.sizes.items():
            button.setChecked(key == size)
            button.setProperty("role", "primary" if key == size else "secondary")
            button.style().unpolish(button)
            button.style().polish(button)
        items = "、".join(f"{code} → {cid}" for code, cid in loaded)
        self.loaded.set_source(K("load.done_list", items=items) if loaded else None)
        self.loaded.setVisible(bool(loaded))
        self.ok.setEnabled(not busy)

    def reset_entry(self) -> None:
        self.edit.clear()


class MaintenanceScreen(Screen):
    """Checks table, ``btn_test_<card|print|door|camera>``, ``btn_refresh``, ``btn_setup``
    (site setup), log and door events."""

    for_staff = True

    test_clicked = Signal(str)
    refresh_clicked = Signal()
    setup_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("maintenance", parent)
        t = active_theme()
        self.refresh = TrButton(K("maintenance.refresh"), "secondary", name="btn_refresh")
        self.refresh.clicked.connect(self.refresh_clicked)
        self.setup = TrButton(K("maintenance.setup"), "primary", name="btn_setup")
        self.setup.clicked.connect(self.setup_clicked)
        aside = QWidget()
        buttons = QHBoxLayout(aside)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.setSpacing(t.px(16))
        buttons.addWidget(self.setup)
        buttons.addWidget(self.refresh)
        self.add_heading(K("maintenance.title"), None, aside=aside)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 0, t.px(8), 0)
        column.setSpacing(t.px(20))
        body = QHBoxLayout()
        body.setSpacing(t.px(24))
        left, left_layout, self.checks = titled_grid(
            K("maintenance.checks"), column_gap=16, row_gap=6
        )
        left_layout.addStretch(1)
        body.addWidget(left, 6)
        tests, tests_layout, grid = titled_grid(K("maintenance.tests"), column_gap=16, row_gap=12)
        self.results: dict[str, TrLabel] = {}
        for i, test in enumerate(LiveTest):
            button = TrButton(
                K(f"maintenance.test.{test.value}"), "secondary", name=f"btn_test_{test.value}"
            )
            button.clicked.connect(lambda _=False, v=test.value: self.test_clicked.emit(v))
            button.setMinimumHeight(t.px(60))
            button.setMinimumWidth(t.px(220))
            grid.addWidget(button, i, 0)
            result = TrLabel(None, "muted", name=f"test_result_{test.value}")
            self.results[test.value] = result
            grid.addWidget(result, i, 1)
        grid.setColumnStretch(1, 1)
        self.frame = QLabel()
        self.frame.setObjectName("camera_frame")
        self.frame.setFixedHeight(t.px(150))
        self.frame.hide()
        tests_layout.addWidget(self.frame, 0, Qt.AlignmentFlag.AlignLeft)
        tests_layout.addStretch(1)
        body.addWidget(tests, 5)
        column.addLayout(body)
        logs, logs_layout = card()
        logs_layout.addWidget(TrLabel(K("maintenance.audit"), "title"))
        self.audit = TrLabel(None, "muted", name="maintenance_audit")
        logs_layout.addWidget(self.audit)
        logs_layout.addWidget(TrLabel(K("maintenance.log"), "title"))
        self.log = TrLabel(None, "muted", name="maintenance_log")
        logs_layout.addWidget(self.log)
        column.addWidget(logs)
        column.addStretch(1)
        self.root.addWidget(scroll(content), 1)

    def show_status(
        self,
        checks: Sequence[HealthCheck],
        tests: dict[LiveTest, TestResult],
        log_lines: Sequence[str],
        audit: Sequence[AuditEntry],
        frame: Image | None,
        busy: bool,
    ) -> None:
        clear_layout(self.checks)
        if not checks:
            self.checks.addWidget(TrLabel(K("maintenance.loading"), "muted"), 0, 0)
        for row, check in enumerate(checks):
            kind = "ok" if check.ok and not check.warning else "warn" if check.ok else "error"
            word = "ok" if check.ok and not check.warning else "warn" if check.ok else "fail"
            self.checks.addWidget(TrLabel(_check_name(check.name), "body", wrap=False), row, 0)
            self.checks.addWidget(TrLabel(K(f"maintenance.{word}"), kind, wrap=False), row, 1)
            detail: Source = _check_detail(check)
            label = TrLabel(detail, "muted", name=f"check_{check.name}")
            self.checks.addWidget(label, row, 2)
        self.checks.setColumnStretch(2, 1)
        for test in LiveTest:
            result = tests.get(test)
            label = self.results[test.value]
            label.set_source(result.text if result else None)
            role = "muted" if result is None or result.running else "ok" if result.ok else "error"
            label.setProperty("role", role)
            label.style().unpolish(label)
            label.style().polish(label)
        self.log.set_source("\n".join(line[11:] for line in log_lines[-6:]))
        entries = tuple(audit[:6])

        def audit_lines(lang: str) -> str:
            return "\n".join(
                f"{e.at:%H:%M:%S} {e.actor} {status_words.action(e.action, lang)}"
                f" {e.compartment_id} {e.case_ref}".rstrip()
                for e in entries
            )

        self.audit.set_source(audit_lines)
        if frame is not None:
            pixmap = QPixmap()
            pixmap.loadFromData(frame.data)
            if not pixmap.isNull():
                self.frame.setPixmap(
                    pixmap.scaledToHeight(
                        self.frame.height(), Qt.TransformationMode.SmoothTransformation
                    )
                )
                self.frame.show()
        self.refresh.setEnabled(not busy)
