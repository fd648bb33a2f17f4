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

from file_checks.verdict import Reason

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


#: control (Cc) and format (Cf: bidi overrides U+202E, zero-width U+200B..) characters,
#: line and paragraph separators: invisible or reordering, they let "invoice\u202efdp.exe"
#: pass for a PDF. Lone surrogates (Cs) are not here: they are how a GBK name from a
#: Windows drive arrives (os.fsdecode), and display_name shows those decoded.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def name_problem(name: str, max_bytes: int = 255) -> Reason | None:
    """Why a single path component must not be read, or None: a name that could leave
    its directory (BAD_NAME), or one with hidden characters (HIDDEN_CHARS_IN_NAME)."""
    if name in ("", ".", "..") or len(os.fsencode(name)) > max_bytes:
        return Reason.BAD_NAME
    if any(c in name for c in ("/", "\\", "\x00")):
        return Reason.BAD_NAME
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in name):
        return Reason.HIDDEN_CHARS_IN_NAME
    return None


def safe_component(name: str, max_bytes: int = 255) -> bool:
    """One path component that cannot leave its directory or confuse a shell or a UI."""
    return name_problem(name, max_bytes) is None


#: what a name's extension promises, for a plain reason when the bytes say otherwise
_CLAIMS = {
    ".pdf": Reason.NOT_A_PDF,
    ".jpg": Reason.NOT_A_PICTURE,
    ".jpeg": Reason.NOT_A_PICTURE,
    ".png": Reason.NOT_A_PICTURE,
}


def mismatch_reason(name: str) -> Reason | None:
    """The reason for a file whose content is of no allowed type but whose name claims
    one ("合同.pdf" holding text): NOT_A_PDF / NOT_A_PICTURE, else None."""
    return _CLAIMS.get(os.path.splitext(name)[1].lower())
