"""One entry point for a file's bytes: the cheap decisions here (size, type by its
first bytes), the parsing and decoding in the checker's child process
(isolated.py, examine.py). Both block the calling thread: call them from a
worker thread, never the GUI thread."""

from __future__ import annotations

import hashlib

from file_checks.isolated import check_isolated
from file_checks.limits import IntakeLimits
from file_checks.names import display_name, mismatch_reason
from file_checks.sniff import first_look
from file_checks.verdict import AcceptedFile, ContentVerdict, Reason, RejectedFile, reason_text


def check_content(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    early = first_look(data, limits)
    return early if early is not None else check_isolated(data, limits)


def judge_file(
    name: str, rel_path: tuple[str, ...], data: bytes, limits: IntakeLimits
) -> AcceptedFile | RejectedFile:
    """A file's bytes, from a drive or a phone, accepted with what the checks found or
    refused with why; content of no allowed type whose name claims one ("合同.pdf"
    holding text) is refused as not being what it claims."""
    verdict = check_content(data, limits)
    if verdict.reason is not None or verdict.kind is None:
        reason = verdict.reason or Reason.NOT_ALLOWED_TYPE
        if reason is Reason.NOT_ALLOWED_TYPE:
            reason = mismatch_reason(name) or reason
        return RejectedFile(display_name(name), reason, reason_text(reason, limits), verdict.detail)
    return AcceptedFile(
        rel_path=rel_path,
        display_name=display_name(name),
        kind=verdict.kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=verdict.width,
        height=verdict.height,
        pages=verdict.pages,
    )


def clean_content(data: bytes, limits: IntakeLimits) -> ContentVerdict:
    """:func:`check_content` again, and for a picture its bytes encoded afresh in
    ``verdict.clean`` (no metadata, comments or trailing bytes): what is stored."""
    early = first_look(data, limits)
    return early if early is not None else check_isolated(data, limits, clean=True)
