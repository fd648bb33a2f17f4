"""Large text: every resident screen can be read whole (issue 19 item 10). The walk
goes through the declaration (the guide, the face consent, a failed face check and the
last one, the form with its errors, the materials with pages and their Delete buttons,
also beside the live document camera, the review, the drop door, the receipt), the
pickup (the code, the door, a door that failed), the staff-assisted identity check,
the pickup by ID card, the USB file list, the appointment check-in (through the
running simulator) and the coming-soon page, in Chinese and English large text, each
also with 请取回身份证 shown where it can be, and fails on any widget cut off,
overlapped or, where the resident must read it before answering, below the fold
(tests/ui/layout_check.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit

from device_contracts import Completion, CompletionCode, DoorOutcome
from devices.camera.sim_desk import SimulatedDesk
from flows.lookup import LookupFlow
from kiosk.main_window import MainWindow
from offline_cache.platform_port import KioskPlatform
from tests.fakes.devices import NO_MATCH, sample_card
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.fakes.staff import CLERK_CARD, CLERK_PIN
from tests.offline_cache.conftest import SwitchablePlatform
from tests.ui.conftest import PICKUP_CODE, UiEnv
from tests.ui.layout_check import layout_faults
from tests.ui.test_appointment_window import OLD, TODAY, sim  # noqa: F401 (the fixture)
from tests.ui.test_capture_live import to_materials as live_materials
from tests.ui.test_capture_live import with_plate
from tests.ui.test_intake_usb_reasons import _drive, _usb_screen
from tests.ui.test_screens_pickup import at_consent

pytestmark = pytest.mark.ui


class Walk:
    """Checks each screen the walk reaches; the faults of all of them at the end."""

    def __init__(self, ui: UiEnv, w: MainWindow, lang: str) -> None:
        self.ui, self.w, self.lang = ui, w, lang
        self.faults: list[str] = []

    def check(self, name: str, *, card_strip: bool = True) -> None:
        """The screen as it is, and with 请取回身份证 under the header: the strip takes
        its height from the screen while a card lies on the reader (the attract screen
        too; tests/ui/test_card_return.py drives it from a real reader). Not between the
        card read and the identity confirmed (``card_strip=False``): that card is
        needed, and another one left before was taken or read in its place."""
        self._check(name)
        if not card_strip:
            return
        shown = self.w.card_prompt.isVisibleTo(self.w)
        self.w.show_card_prompt(self, not shown)
        self._check(f"{name}-card_prompt" if not shown else f"{name}-no_card_prompt")
        self.w.show_card_prompt(self, False)

    def _check(self, name: str) -> None:
        self.ui.qtbot.wait(60)  # let layouts settle
        found = layout_faults(self.w)
        self.faults += [f"{name}: {f}" for f in found]
        self.w.screenshot(self.ui.shots / f"large-{name}-{self.lang}.png")

    def done(self) -> None:
        assert not self.faults, "\n".join(self.faults)


def _declaration(ui: UiEnv, walk: Walk) -> None:
    d, w, flow = ui.devices, walk.w, ui.declaration
    d.face.verifies.default = None
    d.lockers.closes.default = None
    d.printer.prints.default = None
    ui.platform.submit_gate.clear()
    walk.check("attract")
    ui.click(w, "btn_start")
    walk.check("home")
    ui.click(w, "btn_home_declare")
    ui.wait(lambda: w.find_button(f"btn_matter_{HUKOU}") is not None)
    walk.check("choosing_matter")
    ui.click(w, f"btn_matter_{HUKOU}")
    ui.wait(lambda: w.current_screen_name() == "screen_guide")
    walk.check("guide")
    ui.click(w, "btn_guide_continue")
    ui.wait_state(flow, "reading_card")
    walk.check("reading_card")
    ui.auto_consent = False
    d.id_reader.reads.complete_pending(Completion.success(sample_card()))
    ui.wait(lambda: w.current_screen_name() == "screen_face_consent")
    walk.check("face_consent", card_strip=False)
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_face_check")
    walk.check("face_check", card_strip=False)
    d.face.verifies.complete_pending(Completion.success(NO_MATCH))
    ui.wait(lambda: w.current_screen_name() == "screen_face_failed")
    walk.check("face_failed", card_strip=False)
    # the staff-assisted way round, then the form
    ui.click(w, "btn_face_assist")
    ui.wait(lambda: w.current_screen_name() == "screen_assisted")


def _form_to_done(ui: UiEnv, walk: Walk) -> None:
    d, w, flow = ui.devices, walk.w, ui.declaration
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    ui.click(w, "btn_next")  # phone and moving date are missing
    ui.wait(lambda: flow.session.field_errors)
    walk.check("filling_form-errors")
    screen = w.current_screen()
    for key, value in (("phone", "13800138000"), ("move_date", "2026-12-01")):
        edit = screen.findChild(QLineEdit, f"field_{key}")
        assert edit is not None
        ui.qtbot.keyClicks(edit, value)
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_capturing")
    walk.check("capturing")
    ui.click(w, "btn_capture_hukou_book")
    ui.wait(lambda: len(flow.session.pages) == 1 and not flow.session.capturing)
    ui.click(w, "btn_capture_id_card_copy")
    ui.wait(lambda: len(flow.session.pages) == 2 and not flow.session.capturing)
    ui.click(w, f"btn_defer_{MARRIAGE_CERT}")
    ui.wait(lambda: len(flow.session.readings) == 2)
    ui.wait(lambda: w.find_button("btn_remove_page_1") is not None)
    walk.check("capturing-pages")
    ui.click(w, "btn_next")
    ui.wait(lambda: w.current_screen_name() == "screen_choosing_delivery")
    walk.check("choosing_delivery")
    ui.click(w, "btn_delivery_locker")
    ui.wait(lambda: w.current_screen_name() == "screen_reviewing")
    walk.check("reviewing")
    ui.click(w, "btn_submit")
    ui.wait(lambda: w.current_screen_name() == "screen_submitting")
    walk.check("submitting")
    ui.platform.submit_gate.set()
    ui.wait(lambda: flow.session.compartment is not None and not flow.session.busy)
    walk.check("depositing")
    d.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_printing")
    walk.check("printing")
    d.printer.prints.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_done")
    walk.check("done")
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_declaration_in_large_text(ui: UiEnv, lang: str) -> None:
    w = ui.window(lang, True)
    walk = Walk(ui, w, lang)
    _declaration(ui, walk)
    flow = ui.declaration
    walk.check("assisted", card_strip=False)
    ui.click(w, "btn_assist_call")
    ui.wait(lambda: flow.session.staff_called)
    walk.check("assisted-called", card_strip=False)
    ui.click(w, "btn_assist_continue")
    ui.wait(lambda: w.current_screen_name() == "screen_assist_card")
    walk.check("assist_card", card_strip=False)
    ui.staff_reader.present(CLERK_CARD)
    ui.wait(lambda: w.current_screen_name() == "screen_assist_pin")
    walk.check("assist_pin", card_strip=False)
    for digit in CLERK_PIN:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    _form_to_done(ui, walk)
    walk.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pickup_in_large_text(ui: UiEnv, lang: str) -> None:
    d = ui.devices
    d.lockers.closes.default = None
    ui.platform.verify_gate.clear()
    w = ui.window(lang, True)
    walk = Walk(ui, w, lang)
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_progress")
    walk.check("coming_soon")
    ui.click(w, "btn_soon_home")
    ui.click(w, "btn_home_collect")
    ui.wait_state(ui.collection, "entering_code")
    for digit in PICKUP_CODE[:4]:
        ui.click(w, f"btn_key_{digit}")
    walk.check("entering_code")
    for digit in PICKUP_CODE[4:]:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_verifying")
    walk.check("verifying")
    ui.platform.verify_gate.set()
    ui.wait(lambda: w.current_screen_name() == "screen_collecting")
    walk.check("collecting")
    d.lockers.closes.complete_pending(Completion.success(None))
    ui.wait(lambda: w.current_screen_name() == "screen_collect_done")
    walk.check("collect_done")
    ui.click(w, "btn_finish")
    ui.wait(lambda: w.current_screen_name() == "screen_attract")
    d.lockers.opens.push(
        Completion[DoorOutcome].failure(CompletionCode.HARDWARE_ERROR, detail="board 2 silent")
    )
    w.start_service("collect")
    ui.wait_state(ui.collection, "entering_code")
    for digit in PICKUP_CODE:
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: w.current_screen_name() == "screen_collect_failed")
    walk.check("collect_failed")
    walk.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_live_materials_in_large_text(ui: UiEnv, lang: str) -> None:
    """The materials screen beside the document camera's live picture: a page taken
    lies on the list with its Delete button, all of it within the list's width."""
    desk = SimulatedDesk()
    flow = with_plate(ui, desk)
    w = ui.window(lang, True)
    walk = Walk(ui, w, lang)
    screen = live_materials(ui, w)
    ui.wait(lambda: screen.preview.has_frame(), timeout=10000)
    walk.check("capturing-live")
    desk.place(0)
    ui.wait(lambda: len(flow.session.pages) == 1, timeout=15000)
    ui.wait(lambda: w.find_button("btn_remove_page_0") is not None)
    ui.wait(lambda: not screen.preview.showing_taken(), timeout=5000)
    walk.check("capturing-live-page")
    ui.click(w, "btn_back")  # the camera stops with the screen
    ui.wait(lambda: w.current_screen_name() == "screen_filling_form")
    walk.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_pickup_by_card_and_usb_intake_in_large_text(ui: UiEnv, lang: str, tmp_path: Path) -> None:
    """The pickup's own consent question and staff check, and the USB file list with
    a refused file's reason."""
    w = at_consent(ui, lang, True)
    walk = Walk(ui, w, lang)
    walk.check("pickup-face_consent", card_strip=False)
    ui.click(w, "btn_consent_decline")
    ui.wait(lambda: w.current_screen_name() == "screen_assisted")
    walk.check("pickup-assisted", card_strip=False)
    ui.click(w, "btn_assist_call")
    ui.wait(lambda: ui.collection.session.staff_called)
    walk.check("pickup-assisted-called", card_strip=False)
    ui.click(w, "btn_cancel")
    ui.wait(lambda: w.current_screen_name() in ("screen_home", "screen_attract"))
    _usb_screen(w, _drive(tmp_path / "usb"))
    ui.wait(lambda: w.find_button("btn_file_0") is not None)
    walk.check("intake-usb")
    walk.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_appointment_in_large_text(
    ui: UiEnv,
    sim: tuple[SwitchablePlatform, KioskPlatform],  # noqa: F811 (the imported fixture)
    lang: str,
) -> None:
    """Check-in through the running simulator: the identify page, a past booking with
    the platform's rule, today's with its check-in button."""
    _, kp = sim
    lookup = LookupFlow(ui.devices.device_set(), kp, ui.loop)
    w = ui.window(lang, True, lookup=lookup)
    walk = Walk(ui, w, lang)
    for token in (OLD, TODAY):
        if w.current_screen_name() != "screen_home":
            ui.click(w, "btn_start")
        ui.click(w, "btn_home_appointment")
        ui.wait(lambda: w.current_screen_name() == "screen_identifying")
        walk.check("identifying")
        ui.devices.qr_scanner.scans.complete_pending(Completion.success(token))
        ui.wait(lambda: w.current_screen_name() == "screen_appointment_results", timeout=10000)
        ui.wait(lambda: not lookup.session.busy and bool(lookup.session.appointments))
        walk.check(f"appointment_results-{token}")
        ui.click(w, "btn_cancel")
        ui.wait(lambda: w.current_screen_name() in ("screen_home", "screen_attract"))
    walk.done()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_face_failed_with_no_tries_left_in_large_text(ui: UiEnv, lang: str) -> None:
    """The last failed face check: why, once, and the one next step."""
    ui.devices.face.verifies.push(*[Completion.success(NO_MATCH)] * 3)
    w = at_consent(ui, lang, True)
    walk = Walk(ui, w, lang)
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_face_failed", timeout=10000)
    ui.wait(lambda: w.find_button("btn_retry") is None)
    walk.check("face_failed-final", card_strip=False)
    walk.done()
