"""The staff, progress and appointment screens in Chinese, English and large text:
reached through real flows on fake devices, each checked for clipping and shot."""

from __future__ import annotations

import pytest

from device_contracts import CompartmentRole, CompartmentSize, Completion, Text
from flows.domain import Appointment, CaseStatusKind, CaseSummary
from flows.lookup import LookupFlow
from flows.staff import StaffFlow
from kiosk.main_window import MainWindow
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU
from tests.fakes.staff import (
    CLERK_CARD,
    CLERK_PIN,
    TECH_CARD,
    TECH_PIN,
    FakeDiagnostics,
    FakeDirectory,
    FakeStaffReader,
    MemoryAudit,
)
from tests.ui.conftest import MODE_IDS, MODES, TERMINAL, UiEnv

pytestmark = pytest.mark.ui

MATTER = Text("夫妻投靠户口迁入", "Hukou transfer to join a spouse")


def _window(ui: UiEnv, lang: str, large: bool) -> tuple[MainWindow, StaffFlow, LookupFlow]:
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
    )
    lookup = LookupFlow(ui.devices.device_set(), ui.platform, ui.loop)
    w = MainWindow(
        ui.declaration,
        ui.collection,
        staff=staff,
        lookup=lookup,
        lang=lang,
        large_text=large,
        idle_timeout_s=600,
    )
    ui.qtbot.addWidget(w)
    w.show()
    ui.qtbot.waitExposed(w)
    ui.windows.append(w)
    staff.staff_reader_fake = reader  # type: ignore[attr-defined]
    return w, staff, lookup


def _login(ui: UiEnv, w: MainWindow, staff: StaffFlow, card: str, pin: str) -> None:
    ui.click(w, "btn_staff")
    ui.wait(lambda: w.current_screen_name() == "screen_staff_card")
    staff.staff_reader_fake.present(card)  # type: ignore[attr-defined]
    ui.wait(lambda: w.current_screen_name() == "screen_staff_pin")
    for digit in pin:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_staff_menu")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_staff_screens(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    compartments = ui.devices.lockers.compartments()
    for ref in ("CASE-20261122-000001", "CASE-20261122-000002"):
        ui.ledger.allocate(compartments, CompartmentRole.DROP, CompartmentSize.S, ref)
    ui.platform.cases = [
        CaseSummary(
            "CASE-20261122-000001",
            HUKOU,
            MATTER,
            CaseStatusKind.MATERIALS_DEPOSITED,
            "A01",
            "2026-11-22T21:03:00",
        )
    ]
    ui.devices.lockers.closes.default = None  # the clerk keeps the door open
    w, staff, _ = _window(ui, lang, large)
    _login(ui, w, staff, CLERK_CARD, CLERK_PIN)
    ui.shot(w, f"s01-staff_menu-{tag}")
    ui.click(w, "btn_staff_retrieve")
    ui.wait(lambda: w.current_screen_name() == "screen_retrieval")
    ui.shot(w, f"s02-retrieval-{tag}")
    ui.click(w, "btn_open_A01")
    ui.wait(lambda: w.current_screen_name() == "screen_drop_open")
    ui.shot(w, f"s03-drop_open-{tag}")
    ui.click(w, "btn_taken")
    ui.wait(lambda: w.current_screen_name() == "screen_closing_drop")
    ui.devices.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_retrieval")
    ui.click(w, "btn_back")
    ui.wait(lambda: w.current_screen_name() == "screen_staff_menu")
    ui.click(w, "btn_staff_load")
    ui.wait(lambda: w.current_screen_name() == "screen_load_case")
    ui.shot(w, f"s04-load_case-{tag}")
    ui.click(w, "btn_back")
    ui.click(w, "btn_staff_logout")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")

    _login(ui, w, staff, TECH_CARD, TECH_PIN)
    ui.click(w, "btn_staff_maintain")
    ui.wait(lambda: w.current_screen_name() == "screen_maintenance")
    ui.wait(lambda: bool(staff.session.checks))
    ui.click(w, "btn_test_print")
    ui.wait(lambda: any(not r.running for r in staff.session.tests.values()))
    ui.shot(w, f"s05-maintenance-{tag}")
    lockers = ui.label(w, "check_lockers").text()
    assert ("锁控板" if lang == "zh" else "lock board") in lockers, "a next step for the failure"
    ui.click(w, "btn_back")
    ui.click(w, "btn_staff_logout")


@pytest.mark.parametrize(("lang", "large"), MODES, ids=MODE_IDS)
def test_progress_and_appointment_screens(ui: UiEnv, lang: str, large: bool) -> None:
    tag = f"{lang}{'-large' if large else ''}"
    ui.platform.cases = [
        CaseSummary(
            "CASE-20261122-000001",
            HUKOU,
            MATTER,
            CaseStatusKind.CERTIFICATE_READY,
            "B01",
            "",
            "2026-11-23T08:30:00",
        )
    ]
    ui.platform.appointments["APPT-7Q2K9X"] = Appointment(
        "APPT-7Q2K9X", HUKOU, MATTER, "2026-11-24T09:30:00+08:00", "0011"
    )
    w, _, lookup = _window(ui, lang, large)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_progress")
    ui.wait(lambda: w.current_screen_name() == "screen_identifying")
    ui.shot(w, f"l01-identifying-{tag}")
    ui.devices.qr_scanner.scans.complete_pending(Completion.success("CASE-20261122-000001"))
    ui.wait(lambda: w.current_screen_name() == "screen_progress_results")
    ready = ui.label(w, "status_CASE-20261122-000001").text()
    assert ready.startswith("证照已放入取件柜" if lang == "zh" else "Your certificate is in")
    ui.shot(w, f"l02-progress_results-{tag}")
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    ui.devices.id_reader.reads.pending.clear()

    ui.click(w, "btn_start")
    ui.click(w, "btn_home_appointment")
    ui.wait(lambda: w.current_screen_name() == "screen_identifying")
    ui.devices.id_reader.reads.complete_pending(Completion.success(sample_card()))
    ui.wait(lambda: w.current_screen_name() == "screen_appointment_results")
    ui.shot(w, f"l03-appointment_results-{tag}")
    ui.click(w, "btn_checkin_APPT-7Q2K9X")
    ui.wait(lambda: str(ui.declaration.state) in {"face_check", "choosing_matter", "filling_form"})
    assert lookup.session.card is None, "the lookup kept no personal data"
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    ui.click(w, "btn_cancel")
