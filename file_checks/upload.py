"""Phone intake (网盘 / QR upload): a file name and bytes that arrived over the
network get the same checks as a file on a drive."""

from __future__ import annotations

import hashlib

from file_checks.content import check_content
from file_checks.limits import IntakeLimits
from file_checks.names import display_name, mismatch_reason, name_problem
from file_checks.verdict import AcceptedFile, Reason, RejectedFile, reason_text


def check_upload(
    name: str, data: bytes, limits: IntakeLimits | None = None
) -> AcceptedFile | RejectedFile:
    """Accept or reject one uploaded file. The name is only ever shown, never used
    as a path: one that tries to be a path (``../../etc/passwd``) or hides
    characters (``\u202e``) is rejected. Blocks (the content is checked in a child
    process): call it off the GUI thread. What is stored is :func:`stored_copy`'s."""
    limits = limits or IntakeLimits()
    shown = display_name(name)
    problem = name_problem(name, limits.max_name_bytes)
    if problem is not None:
        return RejectedFile(shown, problem, reason_text(problem, limits))
    verdict = check_content(data, limits)
    if verdict.reason is not None or verdict.kind is None:
        reason = verdict.reason or Reason.NOT_ALLOWED_TYPE
        if reason is Reason.NOT_ALLOWED_TYPE:
            reason = mismatch_reason(name) or reason
        return RejectedFile(shown, reason, reason_text(reason, limits), verdict.detail)
    return AcceptedFile(
        rel_path=(name,),
        display_name=shown,
        kind=verdict.kind,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=verdict.width,
        height=verdict.height,
        pages=verdict.pages,
    )
