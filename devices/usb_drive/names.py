"""File names from a drive or a phone: shown safely, never trusted as paths.

Drive names are used only as single components relative to an already-opened
directory (``openat`` with ``O_NOFOLLOW``), so ``/`` and ``..`` cannot occur in
them; names that come as strings (a phone upload, a path the UI hands back) are
checked here. Names that are not UTF-8 (a FAT drive written in GBK) are shown
decoded as GB18030 when they are valid GB18030, else with replacement marks.
"""

from __future__ import annotations

import os
import unicodedata

_MAX_DISPLAY = 80


def display_name(name: str) -> str:
    raw = os.fsencode(name)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("gb18030")
        except UnicodeDecodeError:
            text = raw.decode("utf-8", "replace")
    # no control characters, no bidi overrides ("gpj.exe" shown as "exe.jpg")
    cleaned = "".join(
        "?" if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") else ch for ch in text
    )
    return cleaned if len(cleaned) <= _MAX_DISPLAY else cleaned[: _MAX_DISPLAY - 1] + "…"


def safe_component(name: str, max_bytes: int = 255) -> bool:
    """One path component that cannot leave its directory or confuse a shell or a UI."""
    if name in ("", ".", "..") or len(os.fsencode(name)) > max_bytes:
        return False
    if any(c in name for c in ("/", "\\", "\x00")):
        return False
    return not any(unicodedata.category(ch) in ("Cc",) for ch in name)
