"""A PDF from a drive or a phone, checked with a kept parser (pypdf) in bounded work.

Order: the frame (pdf_frame.py, linear, refuses what would send the parser into
whole-file recovery scans), the cross-reference (object count; offsets that do
not point at their objects, beyond a few, refused rather than searched for), then
encryption, then every object the cross-reference lists, including those packed
in object streams whatever their filter, against the active-content rules
(pdf_active.py), then the raw bytes for active-content names the walk may
not have reached (pdf_raw_names.py), then the pages. Flate streams are inflated under one shared
budget, so a decompression bomb stops at the budget.

This runs in the checker's child process (isolated.py) under CPU and memory
limits: whatever a hostile file makes the parser do, the kiosk waits at most
``check_wall_s`` and then refuses the file as "could not be checked".
"""

from __future__ import annotations

import io
import logging
import zlib

from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from file_checks.limits import IntakeLimits
from file_checks.pdf_active import TooDeepError, find_active
from file_checks.pdf_frame import frame_problem, object_at, xref_too_large
from file_checks.pdf_raw_names import raw_active_name
from file_checks.verdict import ContentVerdict, FileKind, Reason

log = logging.getLogger(__name__)

#: objects whose offset is off that pypdf may search the file for (each search is
#: a pass over the whole file; an ordinary file has none, a sloppy writer a few)
MAX_MISPLACED = 16
_KIND = FileKind.PDF
#: what hostile bytes make pypdf (or zlib under it) raise: a damaged file
_PARSE_ERRORS = (
    PyPdfError,
    ValueError,
    KeyError,
    TypeError,
    IndexError,
    AttributeError,
    AssertionError,
    UnicodeError,
    zlib.error,
    OSError,
)


class _Refused(Exception):
    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def inflate(self, raw: bytes) -> None:
        """Count the inflated size of a Flate stream against the budget."""
        d = zlib.decompressobj()
        try:
            out = d.decompress(raw, self.left + 1)
        except zlib.error:
            return  # damaged stream data: the viewer shows what it can, nothing to count
        if len(out) > self.left:
            raise _Refused(Reason.PDF_TOO_COMPLEX, "inflate budget exceeded")
        self.left -= len(out)


def check_pdf(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    problem = frame_problem(data)
    if problem is not None:
        return ContentVerdict(_KIND, Reason.DAMAGED, problem)
    too_large = xref_too_large(data, limits.max_pdf_objects)
    if too_large is not None:
        return ContentVerdict(_KIND, Reason.PDF_TOO_COMPLEX, too_large)
    try:
        pages = _check(data, limits)
    except _Refused as refused:
        return ContentVerdict(_KIND, refused.reason, refused.detail)
    except (RecursionError, TooDeepError):
        return ContentVerdict(_KIND, Reason.PDF_TOO_COMPLEX, "nested too deep")
    except _PARSE_ERRORS as exc:
        return ContentVerdict(_KIND, Reason.DAMAGED, type(exc).__name__)
    return ContentVerdict(_KIND, None, pages=pages)


def _check(data: bytes, limits: IntakeLimits) -> int:
    reader = PdfReader(io.BytesIO(data), strict=False)
    numbers = _objects(reader, data, limits)
    if reader.is_encrypted:
        raise _Refused(Reason.PDF_ENCRYPTED, "encrypted")
    budget = _Budget(limits.max_pdf_inflated_bytes)
    trailer_finding = find_active(reader.trailer)
    if trailer_finding is not None:
        raise _Refused(trailer_finding.reason, trailer_finding.detail)
    for number, generation in numbers:
        obj = reader.get_object(IndirectObject(number, generation, reader))
        found = find_active(obj)
        if found is not None:
            raise _Refused(found.reason, found.detail)
        if isinstance(obj, StreamObject) and _first_filter(obj) in ("/FlateDecode", "/Fl"):
            # the still-encoded bytes: pypdf's own decoding would also run its
            # pure-Python predictors; only the size matters here
            budget.inflate(obj._data)
    raw = raw_active_name(data)
    if raw is not None:
        raise _Refused(*raw)
    return _pages(reader, limits)


def _objects(reader: PdfReader, data: bytes, limits: IntakeLimits) -> list[tuple[int, int]]:
    """Every object the cross-reference lists, its count bounded and its offsets checked."""
    direct = [(num, gen, off) for gen, table in reader.xref.items() for num, off in table.items()]
    packed = list(reader.xref_objStm)
    if len(direct) + len(packed) > limits.max_pdf_objects:
        raise _Refused(Reason.PDF_TOO_COMPLEX, f"{len(direct) + len(packed)} objects")
    misplaced = sum(1 for num, _gen, off in direct if not object_at(data, off, num))
    if misplaced > MAX_MISPLACED:
        raise _Refused(Reason.DAMAGED, f"{misplaced} objects not where the xref says")
    return [(num, gen) for num, gen, _off in direct] + [(num, 0) for num in packed]


def _first_filter(obj: StreamObject) -> object:
    filters = obj.get("/Filter")
    if isinstance(filters, ArrayObject):
        return filters[0] if filters else None
    return filters


def _pages(reader: PdfReader, limits: IntakeLimits) -> int:
    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    tree = root.get("/Pages") if isinstance(root, DictionaryObject) else None
    tree = tree.get_object() if tree is not None else None
    if not isinstance(tree, DictionaryObject):
        raise _Refused(Reason.DAMAGED, "no page tree")
    claimed = tree.get("/Count", 0)
    if isinstance(claimed, int) and claimed > limits.max_pdf_pages:
        raise _Refused(Reason.PDF_TOO_MANY_PAGES, f"{claimed} pages claimed")
    pages = len(reader.pages)
    if pages > limits.max_pdf_pages:
        raise _Refused(Reason.PDF_TOO_MANY_PAGES, f"{pages} pages")
    if pages == 0:
        raise _Refused(Reason.DAMAGED, "no page")
    return pages
