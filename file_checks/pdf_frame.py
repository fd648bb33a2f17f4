"""The frame of a PDF, checked in linear time before any parser sees it.

A parser that meets a file without a usable cross-reference falls back to
rebuilding one by scanning the whole file, byte by byte in Python (pypdf's
``_get_xref_issues`` walks 20 MB of digits one ``read(1)`` at a time): seconds per
file. Such a file is no ordinary PDF, so it is refused here, from bounded windows
at the end of the file and at the offset ``startxref`` names. Every pattern below
has bounded repetitions and runs on a window of at most a few hundred bytes: no
backtracking over the file (the old checker's ``\\d+\\s+\\d+\\s+obj`` on 64 KB of digits
took 35 s).
"""

from __future__ import annotations

import re

#: how far from the end %%EOF and startxref may be (trailing junk some tools append)
TAIL = 2048
_STARTXREF = re.compile(rb"startxref[\x00\t\n\f\r ]{1,16}(\d{1,12})")
_XREF_AT = re.compile(
    rb"[\x00\t\n\f\r ]{0,16}(?:xref|\d{1,10}[\x00\t\n\f\r ]{1,8}\d{1,5}[\x00\t\n\f\r ]{1,8}obj)"
)
_SIZE = re.compile(rb"/Size[\x00\t\n\f\r ]{0,8}(\d{1,12})")
#: how a classic cross-reference entry ends ("0000012345 00000 n\r\n", 20 bytes)
_ENTRY_ENDS = (b" n\r\n", b" n \n", b" n \r", b" f\r\n", b" f \n", b" f \r")
_OBJ_AT = re.compile(
    rb"[\x00\t\n\f\r ]{0,16}(\d{1,10})[\x00\t\n\f\r ]{1,8}(\d{1,5})[\x00\t\n\f\r ]{1,8}obj"
)


def xref_too_large(data: bytes, max_objects: int) -> str | None:
    """A cross-reference that lists far more objects than allowed, found before a
    parser reads it entry by entry in Python (a million-entry table: 7 s). Counts
    entry endings over the whole file with ``bytes.count`` (C, linear; content
    streams that happen to match only make it stricter) and the ``/Size`` the
    trailer or the xref stream at ``startxref`` declares."""
    entries = sum(data.count(end) for end in _ENTRY_ENDS)
    if entries > 2 * max_objects:
        return f"{entries} xref entries"
    tail = data[-TAIL:]
    sizes = [int(m.group(1)) for m in _SIZE.finditer(tail)]
    at = _STARTXREF.search(tail)
    if at is not None:
        offset = int(at.group(1))
        sizes += [int(m.group(1)) for m in _SIZE.finditer(data, offset, offset + TAIL)]
    if any(size > 2 * max_objects for size in sizes):
        return f"xref size {max(sizes)}"
    return None


def frame_problem(data: bytes) -> str | None:
    """Why the file has no usable PDF frame (a log-safe detail), or None."""
    tail = data[-TAIL:]
    if b"%%EOF" not in tail:
        return "no %%EOF"
    at = tail.rfind(b"startxref")
    if at < 0:
        return "no startxref"
    m = _STARTXREF.match(tail, at)
    if m is None:
        return "startxref without an offset"
    offset = int(m.group(1))
    if not 0 < offset < len(data):
        return "startxref outside the file"
    if _XREF_AT.match(data, offset, offset + 64) is None:
        return "startxref points at no cross-reference"
    return None


def object_at(data: bytes, offset: int, number: int) -> bool:
    """Whether ``number G obj`` starts at ``offset`` (give or take whitespace)."""
    if not 0 <= offset < len(data):
        return False
    m = _OBJ_AT.match(data, offset, offset + 48)
    return m is not None and int(m.group(1)) == number
