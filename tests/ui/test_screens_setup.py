"""The technician's site setup screen through the real staff flow and the real
SiteSetupService on a copy of a site config: edit, save (file on disk + backup),
an invalid value named by its key and not written, and the screens shot in
Chinese, English and large text."""

from __future__ import annotations

import shutil
import tomllib
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QLineEdit

from flows.staff import StaffFlow
from kiosk.main_window import MainWindow
from kiosk.paths import SIM_SITE_CONFIG
from kiosk.site_config import load_site_config
from kiosk.site_setup import SiteSetupService, running_sections
from tests.fakes.staff import (
    TECH_CARD,
    TECH_PIN,
    FakeDiagnostics,
    FakeDirectory,
    FakeStaffReader,
    MemoryAudit,
)
from tests.ui.conftest import MODE_IDS, MODES, TERMINAL, UiEnv
from tests.ui.test_screens_staff import _login

pytestmark = pytest.mark.ui

NOW = datetime(2026, 11, 23, 3, 15, 0)


def _setup_window(ui: UiEnv, site: Path, lang: str, large: bool) -> tuple[MainWindow, StaffFlow]:
    config = load_site_config(site)
    port = SiteSetupService(
        site,
        site,
        devices=ui.devices.device_set(),
        running=running_sections(config),
        terminal_id=TERMINAL,
        clock=lambda: NOW,
    )
    reader = FakeStaffReader()
    staff = StaffFlow(
        ui.devices.device_set(),
        ui.platform,
        ui.ledger,
        ui.loop,
        TERMINAL,
        directory=FakeDirectory(),
        audit=MemoryAudit(),
        diagnostics=FakeDiagnostics(),
        staff_reader=reader,
        site_setup=port,
    )
    w = MainWindow(
        ui.declaration, ui.collection, staff=staff, lang=lang, large_text=large, idle_timeout_s=600
    )
    ui.qtbot.addWidget(w)
    w.show()
    ui.qtbot.waitExposed(w)
    ui.windows.append(w)
    staff.staff_reader_fake = reader  # type: ignore[attr-defined]
    _login(ui, w, staff, TECH_CARD, TECH_PIN)
    ui.click(w, "btn_staff_maintain")
    ui.wait(lambda: w.current_screen_name() == "screen_maintenance")
    ui.click(w, "btn_setup")
    ui.wait(lambda: w.current_screen_name() == "screen_site_setup")
    ui.wait(lambda: staff.session.setup is not None)
    return w, staff


def _type(w: MainWindow, name: str, text: str) -> None:
    edit = w.current_screen().findChild(QLineEdit, name)
    assert edit is not None, name
    edit.selectAll()
    QTest.keyClicks(edit, text)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "etc" / "site.toml"
    path.parent.mkdir()
    shutil.copy(SIM_SITE_CONFIG, path)
    return path


def test_edit_save_and_backup_then_an_invalid_value_is_refused(ui: UiEnv, site: Path) -> None:
    before = site.read_text(encoding="utf-8")
    w, staff = _setup_window(ui, site, "en", False)
    ui.click(w, "btn_setup_ui")
    ui.wait(lambda: w.current_screen().findChild(QLineEdit, "setup_ui.idle_timeout_s"))
    _type(w, "setup_ui.idle_timeout_s", "120")
    ui.click(w, "btn_setup_lockers")
    ui.click(w, "btn_cell_1_2")
    ui.click(w, "btn_cell_size_L")
    ui.click(w, "btn_save_config")
    ui.wait(lambda: staff.session.setup is not None and staff.session.setup.saved is not None)
    assert w.current_screen_name() == "screen_site_setup"
    saved = tomllib.loads(site.read_text(encoding="utf-8"))
    assert saved["ui"]["idle_timeout_s"] == 120
    assert saved["lockers"]["compartments"][1]["size"] == "L"
    backup = site.with_name("site.toml.20261123-031500.bak")
    assert backup.read_text(encoding="utf-8") == before, "the previous file, byte for byte"
    notice = ui.label(w, "setup_saved").text()
    assert "site.toml.20261123-031500.bak" in notice and "Restart" in notice

    after_save = site.read_text(encoding="utf-8")
    ui.click(w, "btn_setup_devices_printer")
    ui.wait(lambda: w.current_screen().findChild(QLineEdit, "setup_devices.printer.delay_s"))
    _type(w, "setup_devices.printer.delay_s", "slow")
    ui.click(w, "btn_save_config")
    ui.wait(lambda: staff.session.setup is not None and bool(staff.session.setup.problems))
    ui.wait(lambda: ui.label(w, "setup_problems").isVisible())
    problems = ui.label(w, "setup_problems").text()
    assert "devices.printer.delay_s" in problems, problems
    assert site.read_text(encoding="utf-8") == after_save, "nothing written"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site.toml", backup.name]
    ui.shot(w, "s09-setup_refused-en")
    ui.click(w, "btn_back")
    ui.wait(lambda: w.current_screen_name() == "screen_maintenance")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_setup_screens(ui: UiEnv, site: Path, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    w, _ = _setup_window(ui, site, lang, large)
    ui.shot(w, f"s06-site_setup-{tag}")
    ui.click(w, "btn_setup_devices_printer")
    ui.click(w, "btn_setup_test_printer")
    ui.wait(lambda: w.current_screen().findChild(QLabel, "setup_preview").isVisible())
    ui.shot(w, f"s07-setup_printer-{tag}")
    ui.click(w, "btn_setup_lockers")
    ui.click(w, "btn_cell_2_3")
    ui.click(w, "btn_setup_test_lockers")
    ui.wait(lambda: "B03" in ui.label(w, "setup_test_lockers").text())
    ui.shot(w, f"s08-setup_lockers-{tag}")
    ui.click(w, "btn_back")
    ui.click(w, "btn_back")
    ui.click(w, "btn_staff_logout")
