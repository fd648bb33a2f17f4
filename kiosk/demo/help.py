"""The tour's 呼叫工作人员 (issue 19 item 1): where the journey calls staff, each of the
panel's answers is shot: called and not yet acknowledged, acknowledged by a clerk at
the back office with the wait, and (the site's staff hours moved away from now) no one
on duty with the callback request."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flows.help import StaffHours
from kiosk.demo.back_office import BackOffice
from kiosk.help_desk import HelpView

if TYPE_CHECKING:
    from kiosk.demo.tour import TourDriver
    from kiosk.services import KioskServices

#: the demo callback number (the simulator's seeded people use 138 0013 8xxx)
DEMO_PHONE = "13800138001"


def help_called(d: TourDriver, services: KioskServices, label: str, wait_minutes: int = 3) -> None:
    """After the resident pressed a call button: the panel while the call is open, the
    clerk's acknowledgement at the back office, the panel with the wait; closed."""
    desk = d.window.help
    if desk is None:
        return
    # under load the first short attempt may miss and the outbox sends the call a moment
    # later: the panel says "kept" until then, "called" after
    try:
        d.wait_until("the call sent", lambda: desk.view is HelpView.OPEN, timeout=60)
    except Exception as exc:
        raise type(exc)(f"{exc}; the panel says {desk.view}, reason {desk.reason}") from exc
    d.shot(f"{label}-help-called")
    back_office = BackOffice(services.platform_url)
    for call in back_office.call("GET", "help-calls", state="open")["calls"]:
        back_office.call(
            "POST", f"help-calls/{call['call_id']}/acknowledge", {"wait_minutes": wait_minutes}
        )
    d.wait_until("the clerk's answer", lambda: desk.view is HelpView.ACKNOWLEDGED, timeout=30)
    d.shot(f"{label}-help-acknowledged")
    d.click("btn_help_close")


def help_off_duty(d: TourDriver, label: str) -> None:
    """The same button outside the staff hours: no one on duty, the callback request."""
    desk = d.window.help
    if desk is None:
        return
    hours = desk.hours
    now = datetime.now()
    start, end = now + timedelta(hours=2), now + timedelta(hours=10)
    desk.hours = StaffHours.parse(f"{start:%H}:00-{end:%H}:00")
    try:
        d.click("btn_call_staff")
        d.wait_until("no one on duty", lambda: desk.view is HelpView.OFF_DUTY)
        d.shot(f"{label}-help-off-duty")
        d.click("btn_help_callback")
        for digit in DEMO_PHONE:
            d.click(f"btn_key_{digit}")
        d.shot(f"{label}-help-callback-number")
        d.click("btn_key_ok")
        d.wait_until("the callback noted", lambda: desk.view is HelpView.CALLBACK_SENT)
        d.shot(f"{label}-help-callback-sent")
        d.click("btn_help_close")
    finally:
        desk.hours = hours
