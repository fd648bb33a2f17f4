"""The technician's status page says its checks in the screen's language
(kiosk/status_words.py): no "offline" or "3 pending" on a Chinese screen."""

from __future__ import annotations

import re

import pytest

from device_contracts import DeviceState
from kiosk.status_words import action, summary


@pytest.mark.parametrize("state", list(DeviceState))
def test_every_device_state_is_said_in_chinese(state: DeviceState) -> None:
    said = summary(state.value, "zh")
    assert not re.search(r"[A-Za-z]", said), said
    assert summary(f"{state.value} (paper low)", "zh").endswith("（paper low）")


@pytest.mark.parametrize(
    ("text", "zh"),
    [
        ("not answering", "无应答"),
        (
            "3 pending, 1 refused, 2 damaged, oldest 45 min",
            "待发送 3，被拒收 1，无法解密 2，最早一条已等 45 分钟",
        ),
        ("12.5 GB free of 64 GB", "可用 12.5 GB（共 64 GB）"),
        ("status failed: TimeoutError", "状态读取失败（TimeoutError）"),
    ],
)
def test_composed_summaries_are_said_in_chinese(text: str, zh: str) -> None:
    assert summary(text, "zh") == zh
    assert summary(text, "en") == text


def test_audit_actions_in_words() -> None:
    assert action("door_opened", "zh") == "开门"
    assert action("door_opened", "en") == "door opened"
    assert action("something_new", "zh") == "something_new"  # an unknown one as it is
