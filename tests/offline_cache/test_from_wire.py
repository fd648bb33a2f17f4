"""The platform's answers, read as contract models, mapped to the flows' types."""

from __future__ import annotations

import pytest

from device_contracts import Text
from offline_cache.from_wire import CHECK_IN_CLOSED, appointment, wire_time
from platform_contract.schemas import AppointmentOut, Bilingual


@pytest.mark.parametrize(
    "sent",
    [
        "2026-12-07T09:41:22.123456+08:00",
        "2026-12-07T01:41:22Z",
        "2026-12-07T01:41:22",
        "2026-12-07T01:41:22.500000Z",
    ],
)
def test_a_time_reaches_the_flows_as_the_platform_wrote_it(sent: str) -> None:
    booking = AppointmentOut.model_validate_json(
        '{"token": "t", "matter_code": "m", "matter_name": {"zh": "z", "en": "e"},'
        f' "scheduled_at": "{sent}", "id_number_tail": "1238"}}'
    )
    assert wire_time(booking.scheduled_at) == sent


def _booking(check_in: str, rule: Bilingual | None = None) -> AppointmentOut:
    return AppointmentOut.model_validate(
        {
            "token": "t",
            "matter_code": "m",
            "matter_name": {"zh": "z", "en": "e"},
            "scheduled_at": "2026-12-07T09:00:00+08:00",
            "id_number_tail": "1238",
            "check_in": check_in,
            "check_in_rule": rule,
        }
    )


def test_a_booking_refused_check_in_says_the_platforms_rule_or_general_words() -> None:
    rule = Bilingual(zh="请于预约当天签到", en="Check in on the day of the booking")
    assert appointment(_booking("open")).check_in_refused is None
    assert appointment(_booking("too_early", rule)).check_in_refused == Text(rule.zh, rule.en)
    assert appointment(_booking("too_late")).check_in_refused == CHECK_IN_CLOSED
