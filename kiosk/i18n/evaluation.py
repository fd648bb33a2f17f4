"""Strings of 好差评 (issue 21 item 4): the rating strip on a journey's end screen, its
five levels as the national system names them, the reasons after a low level, and
the thank-you."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

EVALUATION_STRINGS: Mapping[str, T] = {
    # two lines: beside the five levels, in one row under the end screen's content
    "rating.prompt": T("服务评价\n（可跳过）", "Rate our service\n(optional)"),
    "rating.very_satisfied": T("非常满意", "Very satisfied"),
    "rating.satisfied": T("满意", "Satisfied"),
    "rating.basically_satisfied": T("基本满意", "Fairly satisfied"),
    "rating.dissatisfied": T("不满意", "Dissatisfied"),
    "rating.very_dissatisfied": T("非常不满意", "Very dissatisfied"),
    "rating.reasons": T("不满意原因\n（可多选）", "What went\nwrong?"),
    "rating.long_wait": T("等待时间长", "Long wait"),
    "rating.complicated": T("操作复杂", "Hard to use"),
    "rating.device_fault": T("设备故障", "Device fault"),
    "rating.staff_attitude": T("工作人员态度", "Staff attitude"),
    "rating.other": T("其他", "Other"),
    "rating.send": T("提交评价", "Send"),
    "rating.thanks": T(
        "感谢您的评价，我们会不断改进服务。", "Thank you for your rating: it helps us improve."
    ),
}
