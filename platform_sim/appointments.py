"""An appointment as the platform gives it to a terminal, with its check-in rule.

The rule (the simulator's; a real platform says its own): a booking is checked in on
its day (Beijing date), at any time of that day, not before and not after. A booking
outside its day comes with ``check_in`` ``too_early`` / ``too_late`` and the rule in
the resident's words, so the kiosk refuses it and says why instead of opening a
declaration for a booking made for another day (issue 19 item 4).
"""

from __future__ import annotations

from datetime import datetime

from platform_contract.schemas import AppointmentOut, Bilingual
from platform_sim.cases import matter_name
from platform_sim.clock import BEIJING, now
from platform_sim.store.transaction import StoreRow, Tx


def check_in(scheduled_at: datetime, at: datetime | None = None) -> tuple[str, Bilingual | None]:
    """("open", None), or ("too_early" | "too_late", the rule with the booking's day)."""
    day = scheduled_at.astimezone(BEIJING).date()
    today = (at or now()).astimezone(BEIJING).date()
    if today == day:
        return "open", None
    when = f"{day.month}月{day.day}日"
    when_en = day.strftime("%d %b %Y").lstrip("0")
    if today < day:
        return "too_early", Bilingual(
            zh=f"预约只能在预约当天（{when}）签到，请当天再来",
            en=f"A booking is checked in on its day ({when_en}); please come back then",
        )
    return "too_late", Bilingual(
        zh=f"该预约是{when}的，已过签到日期，请重新预约或直接办理",
        en=f"This booking was for {when_en}; its check-in day has passed. "
        "Please book again or declare without a booking",
    )


def appointment_out(conn: Tx, row: StoreRow) -> AppointmentOut:
    scheduled = datetime.fromisoformat(row["scheduled_at"])
    state, rule = check_in(scheduled)
    return AppointmentOut(
        token=row["token"],
        matter_code=row["matter_code"],
        matter_name=matter_name(conn, row["matter_code"]),
        scheduled_at=scheduled,
        id_number_tail=row["id_number"][-4:],
        check_in=state,  # type: ignore[arg-type]  # one of the Literal's values
        check_in_rule=rule,
    )
