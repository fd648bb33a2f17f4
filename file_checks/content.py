"""One entry point for a file's bytes: the cheap decisions here (size, type by its
first bytes), the parsing and decoding in the checker's child process
(isolated.py, examine.py). Both block the calling thread: call them from a
worker thread, never the GUI thread."""

from __future__ import annotations

from file_checks.isolated import check_isolated
from file_checks.limits import IntakeLimits
from file_checks.sniff import first_look
from file_checks.verdict import ContentVerdict


def check_content(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    early = first_look(data, limits)
    return early if early is not None else check_isolated(data, limits)


def clean_content(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    """:func:`check_content` again, and for a picture its bytes encoded afresh in
    ``verdict.clean`` (no metadata, comments or trailing bytes): what is stored."""
    early = first_look(data, limits)
    return early if early is not None else check_isolated(data, limits, clean=True)
