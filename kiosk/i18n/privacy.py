"""UI strings for private data on a public screen: masked numbers (issue 19 item 8)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

PRIVACY_STRINGS: Mapping[str, T] = {
    "mask.hold": T(
        "号码已部分隐藏；按住号码可查看完整号码，松开即隐藏。",
        "Numbers are partly hidden: press and hold one to see it in full, let go to hide it.",
    ),
}
