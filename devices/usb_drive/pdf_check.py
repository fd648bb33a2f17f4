"""A bounded PDF reader: enough structure to count pages and refuse the hostile,
without a full PDF parser. It only scans bytes; compressed streams are inflated
under one shared budget, so a decompression bomb stops at the budget.

Refused: no end marker (truncated), encryption, scripts/attachments/launch
actions/forms, more objects than allowed, a page count (claimed by ``/Count``
or found as page objects) over the limit, no page at all.
"""

from __future__ import annotations

import re
import zlib

from devices.usb_drive.limits import IntakeLimits
from devices.usb_drive.verdict import ContentVerdict, FileKind, Reason

_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_NAME = re.compile(rb"/([A-Za-z0-9#._+-]+)")
_COUNT = re.compile(rb"/Count\s+(\d{1,12})")
_STREAM = re.compile(rb"stream\r?\n")
_ENDSTREAM = b"endstream"
_ACTIVE = frozenset(
    {b"JavaScript", b"JS", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia", b"XFA"}
)
_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PAGE_TYPE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def _names(chunk: bytes) -> set[bytes]:
    # names may hide behind #xx escapes (/J#61vaScript)
    return {_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), n) for n in _NAME.findall(chunk)}


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def inflate(self, raw: bytes) -> bytes | None:
        """The inflated stream, b"" if not zlib data, None when over the budget."""
        d = zlib.decompressobj()
        try:
            out = d.decompress(raw, self.left + 1)
        except zlib.error:
            return b""
        if len(out) > self.left:
            return None
        self.left -= len(out)
        return out


def check_pdf(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    kind = FileKind.PDF
    if b"%%EOF" not in data[-2048:]:
        return ContentVerdict(kind, Reason.DAMAGED, "no %%EOF")
    objects = len(_OBJ.findall(data))
    if objects > limits.max_pdf_objects:
        return ContentVerdict(kind, Reason.PDF_TOO_COMPLEX, f"{objects} objects")
    budget = _Budget(limits.max_pdf_inflated_bytes)
    texts = [data]
    for m in _STREAM.finditer(data):
        dict_start = data.rfind(b"obj", 0, m.start())
        header = data[max(0, dict_start) : m.start()]
        if b"FlateDecode" not in header and b"/Fl" not in header:
            continue
        end = data.find(_ENDSTREAM, m.end())
        if end < 0:
            return ContentVerdict(kind, Reason.DAMAGED, "unterminated stream")
        inflated = budget.inflate(data[m.end() : end])
        if inflated is None:
            return ContentVerdict(kind, Reason.PDF_TOO_COMPLEX, "inflate budget exceeded")
        if b"/ObjStm" in header:
            texts.append(inflated)  # objects hidden in an object stream
            objects += len(re.findall(rb"/Type", inflated))
    if objects > limits.max_pdf_objects:
        return ContentVerdict(kind, Reason.PDF_TOO_COMPLEX, "too many objects in streams")
    names: set[bytes] = set()
    pages = 0
    claimed = 0
    for text in texts:
        names |= _names(text)
        pages += len(_PAGE_TYPE.findall(text))
        claimed = max([claimed, *(int(c) for c in _COUNT.findall(text))])
    if b"Encrypt" in names:
        return ContentVerdict(kind, Reason.PDF_ENCRYPTED, "encrypted")
    active = names & _ACTIVE
    if active:
        return ContentVerdict(kind, Reason.PDF_ACTIVE_CONTENT, "active content")
    if max(pages, claimed) > limits.max_pdf_pages:
        return ContentVerdict(kind, Reason.PDF_TOO_MANY_PAGES, f"{max(pages, claimed)} pages")
    if pages == 0:
        return ContentVerdict(kind, Reason.DAMAGED, "no page")
    return ContentVerdict(kind, None, pages=pages)
