"""呼叫工作人员 reaches someone (issue 19 item 1), through the running platform simulator:
the call made on the kiosk shows in the back office with its terminal, step and time;
the clerk's acknowledgement (with the wait) comes back to the kiosk's screen. Each of
the answers is shot in zh and en: not yet acknowledged, acknowledged with the wait,
kept in the outbox while the platform is away, and no one on duty with the callback
request (the number masked on the screen, in full only at the back office).

Before: the button showed "工作人员马上就到" and emitted a signal nothing heard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QAbstractButton

from flows.help import StaffHours
from kiosk.help_desk import HelpDesk, HelpMetrics
from kiosk.main_window import MainWindow
from kiosk.metrics import KioskMetrics
from offline_cache.catalog_cache import CatalogCache
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.platform.helpers import backoffice
from tests.ui.conftest import UiEnv

DAY = datetime(2026, 12, 7, 10, 30).astimezone()
NIGHT = datetime(2026, 12, 7, 3, 0).astimezone()


#: the desks a test made: closed before the platform port they call (as the kiosk does)
_DESKS: list[HelpDesk] = []


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[tuple[SwitchablePlatform, KioskPlatform]]:
    server = SwitchablePlatform(tmp_path / "platform.sqlite3")
    server.start()
    client = make_client(server.url)
    data = tmp_path / "kiosk"
    outbox = Outbox.open(data, DEMO_TERMINAL_ID)
    forwarder = Forwarder(outbox, client, base_delay=0.05, max_delay=0.2, idle_poll=0.2)
    kp = KioskPlatform(
        client, outbox, CatalogCache(data / "catalog.sqlite3", client), forwarder, sync_timeout=1.0
    )
    forwarder.start()
    yield server, kp
    while _DESKS:
        _DESKS.pop().shut_down()
    kp.close()
    server.stop()


def _desk_calls(server: SwitchablePlatform) -> list[dict[str, object]]:
    r = backoffice().get(f"{server.url}/api/v1/backoffice/help-calls")
    r.raise_for_status()
    calls: list[dict[str, object]] = r.json()["calls"]
    return calls


def _window(
    ui: UiEnv, kp: KioskPlatform, lang: str, at: datetime, metrics: KioskMetrics
) -> MainWindow:
    w = ui.window(lang)
    desk = HelpDesk(
        kp,
        StaffHours.parse("08:00-20:00"),
        clock=lambda: at,
        metrics=HelpMetrics(metrics.help_called, metrics.help_acknowledged),
        poll_ms=100,
        parent=w,
    )
    w.install_help(desk)
    _DESKS.append(desk)
    return w


def _body(w: MainWindow) -> str:
    assert w.help_overlay is not None
    return w.help_overlay.body.text()


def _open(w: MainWindow) -> bool:
    return w.help_overlay is not None and w.help_overlay.isVisible()


def _ack(server: SwitchablePlatform, call_id: object, minutes: int) -> None:
    url = f"{server.url}/api/v1/backoffice/help-calls/{call_id}/acknowledge"
    backoffice().post(url, json={"wait_minutes": minutes}).raise_for_status()


SAYS = {
    "zh": {
        "open": "正在等待回应",
        "ack": "约 6 分钟",
        "queued": "网络恢复后",
        "night": "没有工作人员值班",
    },
    "en": {
        "open": "waiting for an answer",
        "ack": "about 6 min",
        "queued": "as soon as it is back",
        "night": "No staff are on duty",
    },
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_call_reaches_the_back_office_and_the_answer_comes_back(
    ui: UiEnv, platform: tuple[SwitchablePlatform, KioskPlatform], lang: str
) -> None:
    server, kp = platform
    metrics = KioskMetrics()
    w = _window(ui, kp, lang, DAY, metrics)
    w.start_service("declare")
    step = w.help_step()
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS[lang]["open"] in _body(w))
    ui.shot(w, f"help_called_{lang}")

    calls = _desk_calls(server)
    assert len(calls) == 1
    call = calls[0]
    assert (call["terminal_id"], call["step"], call["state"]) == (DEMO_TERMINAL_ID, step, "open")
    assert call["called_at"]

    _ack(server, call["call_id"], 6)
    ui.wait(lambda: SAYS[lang]["ack"] in _body(w))
    ui.shot(w, f"help_acknowledged_{lang}")
    assert metrics.help_calls.labels(outcome="sent")._value.get() == 1
    assert metrics.help_acknowledge._sum.get() > 0  # one observation, its length not checked

    ui.click(w, "btn_help_close")
    ui.wait(lambda: not _open(w))
    ui.click(w, "btn_call_staff")  # again: the same call, not a second one
    ui.wait(lambda: SAYS[lang]["ack"] in _body(w))
    assert len(_desk_calls(server)) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_call_in_an_outage_says_so_and_goes_when_the_platform_is_back(
    ui: UiEnv, platform: tuple[SwitchablePlatform, KioskPlatform], lang: str
) -> None:
    server, kp = platform
    metrics = KioskMetrics()
    w = _window(ui, kp, lang, DAY, metrics)
    server.stop()
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS[lang]["queued"] in _body(w))
    ui.shot(w, f"help_queued_{lang}")
    assert metrics.help_calls.labels(outcome="queued")._value.get() == 1

    server.start()
    assert kp.forwarder is not None
    kp.forwarder.wake()
    ui.wait(lambda: SAYS[lang]["open"] in _body(w), timeout=10000)
    _ack(server, _desk_calls(server)[0]["call_id"], 6)
    ui.wait(lambda: SAYS[lang]["ack"] in _body(w))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_one_on_duty_offers_a_callback_that_reaches_the_desk(
    ui: UiEnv, platform: tuple[SwitchablePlatform, KioskPlatform], lang: str
) -> None:
    server, kp = platform
    metrics = KioskMetrics()
    w = _window(ui, kp, lang, NIGHT, metrics)
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS[lang]["night"] in _body(w))
    assert "08:00–20:00" in _body(w)
    ui.shot(w, f"help_off_duty_{lang}")
    assert _desk_calls(server) == []  # nobody is there to come
    assert metrics.help_calls.labels(outcome="off_duty")._value.get() == 1

    ui.click(w, "btn_help_callback")
    for digit in "12345":  # not a mobile number: refused on the screen
        ui.click(w, f"btn_key_{digit}")
    for digit in "678901":
        ui.click(w, f"btn_key_{digit}")
    ui.click(w, "btn_key_ok")
    assert w.help_overlay is not None
    ui.wait(lambda: w.help_overlay is not None and w.help_overlay.error.isVisible())
    for digit in "13800138001":
        ui.click(w, f"btn_key_{digit}")
    ui.shot(w, f"help_callback_number_{lang}")
    ui.click(w, "btn_key_ok")
    ui.wait(lambda: "138****8001" in _body(w))
    assert "13800138001" not in _body(w)
    ui.shot(w, f"help_callback_sent_{lang}")
    calls = _desk_calls(server)
    assert [(c["kind"], c["phone"]) for c in calls] == [("callback", "13800138001")]
    assert metrics.help_calls.labels(outcome="callback")._value.get() == 1


def test_the_next_resident_does_not_inherit_the_call(
    ui: UiEnv, platform: tuple[SwitchablePlatform, KioskPlatform]
) -> None:
    server, kp = platform
    w = _window(ui, kp, "zh", DAY, KioskMetrics())
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS["zh"]["open"] in _body(w))
    w.go_attract()  # the idle wipe
    assert not _open(w)
    w.go_home()
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS["zh"]["open"] in _body(w))
    assert len(_desk_calls(server)) == 2


def test_a_journey_that_ends_on_the_home_screen_forgets_its_call(
    ui: UiEnv, platform: tuple[SwitchablePlatform, KioskPlatform]
) -> None:
    """A resident finishes (to the home screen, not the attract screen); the next one's
    call is a new call, not the last one's acknowledgement."""
    server, kp = platform
    w = _window(ui, kp, "zh", DAY, KioskMetrics())
    w.start_service("declare")
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS["zh"]["open"] in _body(w))
    _ack(server, _desk_calls(server)[0]["call_id"], 6)
    ui.wait(lambda: SAYS["zh"]["ack"] in _body(w))
    ui.click(w, "btn_help_close")
    w.journey_ended(to_attract=False)
    w.start_service("declare")
    ui.click(w, "btn_call_staff")
    ui.wait(lambda: SAYS["zh"]["open"] in _body(w))
    assert SAYS["zh"]["ack"] not in _body(w)
    assert len(_desk_calls(server)) == 2


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_callback_keypad_fits_in_large_text(
    ui: UiEnv, platform: tuple[SwitchablePlatform, KioskPlatform], lang: str
) -> None:
    """Large text: every key and the way out whole on the screen, none over another."""
    _, kp = platform
    w = ui.window(lang, large_text=True)
    desk = HelpDesk(kp, StaffHours.parse("08:00-20:00"), clock=lambda: NIGHT, parent=w)
    _DESKS.append(desk)
    w.install_help(desk)
    ui.click(w, "btn_call_staff")
    ui.click(w, "btn_help_callback")
    overlay = w.help_overlay
    assert overlay is not None
    ui.qtbot.wait(60)
    dialog = overlay.dialog
    need = dialog.minimumSizeHint().height()
    assert need <= dialog.height() <= overlay.height(), (need, dialog.height())
    buttons = [b for b in overlay.findChildren(QAbstractButton) if b.isVisible()]
    rects = [QRect(b.mapTo(overlay, QPoint(0, 0)), b.size()) for b in buttons]
    for b, r in zip(buttons, rects, strict=True):
        assert overlay.rect().contains(r), f"{b.objectName()} cut off"
        assert r.height() >= b.minimumSizeHint().height(), f"{b.objectName()} squeezed"
    for i, a in enumerate(rects):
        for b in rects[i + 1 :]:
            assert not a.intersects(b), "two keys overlap"
    ui.shot(w, f"help_callback_number_large_{lang}")
