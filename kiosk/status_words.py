"""The technician's status page in Chinese: a check's summary and an audit action in words.

``HealthCheck.summary`` and ``AuditEntry.action`` are log-safe English made for logs,
``kiosk doctor`` and the audit file ("offline", "3 pending, 0 refused", "door_opened").
The maintenance screen shows them in the screen's language: on a Chinese screen the
known words are said in Chinese, and what is left (an error class, a detail a driver
gave) keeps its own spelling. Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: whole summaries, and the first word of a device's "state (detail)"
_WORDS_ZH = {
    "online": "在线",
    "busy": "忙碌",
    "offline": "离线",
    "hardware_error": "硬件故障",
    "no_device": "未配置",
    "not configured": "未配置",
    "reachable": "可连接",
    "not answering": "无应答",
}

#: patterns of the composed summaries (kiosk/ops/diagnostics.py), in order
_PATTERNS_ZH: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = (
    (re.compile(r"status failed: (\w+)"), lambda m: f"状态读取失败（{m[1]}）"),
    (re.compile(r"unreadable: (\w+)"), lambda m: f"无法读取（{m[1]}）"),
    (re.compile(r"(\d+) pending, (\d+) refused"), lambda m: f"待发送 {m[1]}，被拒收 {m[2]}"),
    (re.compile(r", (\d+) damaged"), lambda m: f"，无法解密 {m[1]}"),
    (re.compile(r", oldest (\d+) min"), lambda m: f"，最早一条已等 {m[1]} 分钟"),
    (re.compile(r"([\d.]+) GB free of ([\d.]+) GB"), lambda m: f"可用 {m[1]} GB（共 {m[2]} GB）"),
)

#: the audit log's actions (flows/staff.py, flows/assisted.py, flows/card_return.py)
_ACTIONS_ZH = {
    "login": "登录",
    "logout": "退出",
    "door_opened": "开门",
    "door_closed": "关门",
    "door_failed": "开门失败",
    "door_left_open": "门未关",
    "door_test": "开门测试",
    "materials_taken": "材料已取出",
    "materials_missing": "材料缺失",
    "materials_extra": "有多余材料",
    "handover_slip": "打印交接单",
    "certificate_loaded": "证照已装柜",
    "site_config_saved": "现场配置已保存",
    "identity_confirmed": "工作人员确认身份",
    "id_card_left": "身份证遗留",
    "id_card_taken": "身份证已取走",
}


def summary(text: str, lang: str) -> str:
    """A check's summary as the screen says it in ``lang`` ("zh" or "en")."""
    if lang != "zh":
        return text
    if text in _WORDS_ZH:
        return _WORDS_ZH[text]
    state, sep, rest = text.partition(" (")
    if sep and state in _WORDS_ZH:
        return f"{_WORDS_ZH[state]}（{rest.removesuffix(')')}）"
    for pattern, say in _PATTERNS_ZH:
        text = pattern.sub(say, text)
    return text


def action(name: str, lang: str) -> str:
    """An audit action ("door_opened") in words."""
    if lang == "zh":
        return _ACTIONS_ZH.get(name, name)
    return name.replace("_", " ")
