"""English for exactly one (issue 19 item 9): "1 page", "2 pages".

Chinese counts without a plural; English does not. ``<key>.one`` is the string
``i18n.tr`` picks when the count field (``n``, or ``days``) is 1; ``<key>`` says
the rest. The Chinese is the same as ``<key>``'s.
"""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

PLURAL_STRINGS: Mapping[str, T] = {
    "capture.pages.one": T("已拍 {n} 页", "{n} page"),
    "review.pages.one": T("{n} 页", "{n} page"),
    "face_failed.attempts.one": T("还可以尝试 {n} 次", "{n} attempt left"),
    "code.attempts.one": T("还可以尝试 {n} 次", "{n} attempt left"),
    "matter.results.one": T("共 {n} 项", "{n} matter"),
    "matter.days.one": T("{dept} · 承诺时限 {days} 个工作日", "{dept} · {days} working day"),
    "capture.deferred.one": T("容缺，{days} 日内补交", "Later, within {days} day"),
    "guide.deferrable.one": T("容缺，{days} 日内补交", "Later, within {days} day"),
    "done.deferred_item.one": T("{name}：{days} 日内补交", "{name}: within {days} day"),
    "setup.grid.summary.one": T(
        "共 {n} 个格口：投递 {drop}，取件 {pickup}", "{n} compartment: {drop} drop, {pickup} pickup"
    ),
}
