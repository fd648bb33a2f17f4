"""An appointment outside its check-in day is refused by the platform's rule, said on the
screen; the stepper does not call the check-in finished before it is done (issue 19
item 4). Through the running simulator, whose demo bookings are relative to today:
one today, one yesterday, one 13 days ago, one tomorrow.

Before: a booking 13 days old offered 签到并办理 and opened the declaration, and the
results page's stepper read 完成 (finished) with the check-in still to do."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from PySide6.QtWidgets import QLabel

from device_contracts import Completion
from flows.lookup import LookupFlow
from kiosk.main_window import MainWindow
from offline_cache.catalog_cache import CatalogCache
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.appointments import check_in
from platform_sim.clock import now
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.platform.helpers import session
from tests.ui.conftest import UiEnv

TODAY, YESTERDAY, OLD, TOMORROW = "APPT-7Q2K9X", "APPT-5Y1D7Q", "APPT-8C13DX", "APPT-9F6T1B"


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[tuple[SwitchablePlatform, KioskPlatform]]:
    server = SwitchablePlatform(tmp_path / "platform.sqlite3")
    server.start()
    client = make_client(server.url)
    outbox = Outbox.open(tmp_path / "kiosk", DEMO_TERMINAL_ID)
    kp = KioskPlatform(client, outbox, CatalogCache(tmp_path / "kiosk" / "c.sqlite3", client))
    yield server, kp
    kp.close()
    server.stop()


def test_the_platform_gives_each_booking_its_check_in_state(
    sim: tuple[SwitchablePlatform, KioskPlatform],
) -> None:
    server, _ = sim
    got = {
        tok: requests.get(
            f"{server.url}/api/v1/appointments/{tok}", headers=session().headers, timeout=5
        ).json()
        for tok in (TODAY, YESTERDAY, OLD, TOMORROW)
    }
    assert {t: a["check_in"] for t, a in got.items()} == {
        TODAY: "open",
        YESTERDAY: "too_late",
        OLD: "too_late",
        TOMORROW: "too_early",
    }
    assert got[TODAY]["check_in_rule"] is None
    assert "重新预约" in got[OLD]["check_in_rule"]["zh"]
    assert "book again" in got[OLD]["check_in_rule"]["en"]


def test_the_rule_is_the_bookings_beijing_day() -> None:
    at = now()
    assert check_in(at)[0] == "open"
    assert check_in(at - timedelta(days=1))[0] == "too_late"
    assert check_in(at + timedelta(days=1))[0] == "too_early"


def _window(ui: UiEnv, kp: KioskPlatform, lang: str) -> tuple[MainWindow, LookupFlow]:
    lookup = LookupFlow(ui.devices.device_set(), kp, ui.loop)
    w = MainWindow(ui.declaration, ui.collection, lookup=lookup, lang=lang, idle_timeout_s=600)
    ui.qtbot.addWidget(w)
    w.show()
    ui.qtbot.waitExposed(w)
    ui.windows.append(w)
    return w, lookup


def _scan(ui: UiEnv, w: MainWindow, token: str) -> None:
    ui.click(w, "btn_start")
    ui.click(w, "btn_home_appointment")
    ui.wait(lambda: w.current_screen_name() == "screen_identifying")
    ui.devices.qr_scanner.scans.complete_pending(Completion.success(token))
    ui.wait(lambda: w.current_screen_name() == "screen_appointment_results", timeout=10000)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("token", [YESTERDAY, OLD])
def test_a_past_booking_is_refused_with_the_platforms_rule(
    ui: UiEnv, sim: tuple[SwitchablePlatform, KioskPlatform], lang: str, token: str
) -> None:
    _, kp = sim
    w, lookup = _window(ui, kp, lang)
    _scan(ui, w, token)

    def rules() -> list[QLabel]:  # a re-render leaves the old rows until deleted
        found = w.current_screen().findChildren(QLabel, f"checkin_refused_{token}")
        return [label for label in found if label.isVisible()]

    ui.wait(rules)
    rule = rules()[0]
    assert w.find_button(f"btn_checkin_{token}") is None, "no check-in for another day"
    assert ("已过签到日期" if lang == "zh" else "check-in day has passed") in rule.text()
    assert lookup.choose(token) is None, "the flow refuses it too"
    assert w.steps.labels()[w.steps.current] == ("签到" if lang == "zh" else "Check in")
    ui.shot(w, f"appointment_refused-{token}-{lang}")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_todays_booking_checks_in_and_the_stepper_waits_for_it(
    ui: UiEnv, sim: tuple[SwitchablePlatform, KioskPlatform], lang: str
) -> None:
    _, kp = sim
    w, _ = _window(ui, kp, lang)
    _scan(ui, w, TODAY)
    labels = w.steps.labels()
    assert labels[w.steps.current] == ("签到" if lang == "zh" else "Check in")
    assert ("完成" if lang == "zh" else "Finished") not in labels
    ui.wait(lambda: w.find_button(f"btn_checkin_{TODAY}") is not None)
    ui.shot(w, f"appointment_today-{lang}")
