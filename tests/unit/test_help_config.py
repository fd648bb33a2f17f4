"""``[help] staff_hours`` (issue 19 item 1): when someone is on duty to answer a call."""

from __future__ import annotations

from datetime import datetime

import pytest

from flows.help import StaffHours
from kiosk.site_config import SiteConfigError, parse_site_config
from tests.unit.test_site_config import DEMO


def _with_help(hours: str) -> str:
    return DEMO.replace("[devices", f'[help]\nstaff_hours = "{hours}"\n\n[devices', 1)


def test_the_hours_come_from_the_site_config() -> None:
    config = parse_site_config(_with_help("08:00-20:00"))
    hours = config.help.hours()
    assert hours.on_duty(datetime(2026, 12, 7, 8, 0))
    assert hours.on_duty(datetime(2026, 12, 7, 19, 59))
    assert not hours.on_duty(datetime(2026, 12, 7, 20, 0))
    assert not hours.on_duty(datetime(2026, 12, 7, 3, 0))


def test_without_the_section_someone_is_always_on_duty() -> None:
    hours = parse_site_config(DEMO).help.hours()
    assert all(hours.on_duty(datetime(2026, 12, 7, h, 30)) for h in range(24))


def test_night_shift_hours_span_midnight() -> None:
    hours = StaffHours.parse("20:00-08:00")
    assert hours.on_duty(datetime(2026, 12, 7, 23, 0))
    assert hours.on_duty(datetime(2026, 12, 7, 3, 0))
    assert not hours.on_duty(datetime(2026, 12, 7, 12, 0))


@pytest.mark.parametrize(
    "bad", ["8-20", "08:00-08:00", "25:00-08:00", "08:00-24:30", "０8:00-20:00"]
)
def test_bad_hours_are_named(bad: str) -> None:
    with pytest.raises(SiteConfigError) as caught:
        parse_site_config(_with_help(bad))
    assert any(str(i).startswith("help.staff_hours:") for i in caught.value.issues)
