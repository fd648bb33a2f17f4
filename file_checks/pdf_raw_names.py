"""A backstop under the object walk: active-content names anywhere in the file's bytes.

The walk (pdf_check.py) sees the objects pypdf's cross-reference lists. A viewer
that rebuilds a damaged cross-reference by scanning (PDFium does) may find
objects the walk never saw, an orphan catalog with an /OpenAction among them.
So the raw bytes are also searched for the names that only active content
uses, escaped (``/J#61vaScript``) or not. Names short enough to occur by chance in
compressed data (``/JS``, ``/AA``) are left to the walk. Linear: one C-speed
search for the plain spellings, and bounded patterns for names with ``#``.
"""

from __future__ import annotations

import re

from file_checks.verdict import Reason

_NAMES = {
    b"JavaScript": Reason.PDF_SCRIPT,
    b"Launch": Reason.PDF_EXTERNAL_ACTION,
    b"SubmitForm": Reason.PDF_EXTERNAL_ACTION,
    b"ImportData": Reason.PDF_EXTERNAL_ACTION,
    b"GoToR": Reason.PDF_EXTERNAL_ACTION,
    b"GoToE": Reason.PDF_EXTERNAL_ACTION,
    b"RichMediaExecute": Reason.PDF_ACTIVE_CONTENT,
    b"RichMedia": Reason.PDF_ACTIVE_CONTENT,
    b"EmbeddedFile": Reason.PDF_ATTACHMENT,
    b"EmbeddedFiles": Reason.PDF_ATTACHMENT,
    b"XFA": Reason.PDF_FORM,
}
#: names with "#" escapes looked at; ordinary files have a few (font names with
#: "#20"), a file with more is refused rather than decoded name by name in Python
MAX_ESCAPED = 10_000
_NAME_CHARS = rb"A-Za-z0-9._+\-"
_LONGEST_FIRST = sorted(_NAMES, key=lambda name: -len(name))
_PLAIN = re.compile(rb"/(" + b"|".join(_LONGEST_FIRST) + rb")(?![" + _NAME_CHARS + rb"#])")
_ESCAPED = re.compile(rb"/([" + _NAME_CHARS + rb"]{0,64}#[" + _NAME_CHARS + rb"#]{0,128})")
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")


def raw_active_name(data: bytes) -> tuple[Reason, str] | None:
    """The reason and a log-safe detail for the first active-content name, or None."""
    m = _PLAIN.search(data)
    if m is not None:
        return _NAMES[m.group(1)], f"name /{m.group(1).decode()} in the file's bytes"
    for seen, m in enumerate(_ESCAPED.finditer(data)):
        if seen >= MAX_ESCAPED:
            return Reason.PDF_TOO_COMPLEX, f"over {MAX_ESCAPED} escaped names"
        name = _HEX.sub(lambda h: bytes([int(h.group(1), 16)]), m.group(1))
        if name in _NAMES:
            return _NAMES[name], f"escaped name /{name.decode()} in the file's bytes"
    return None
