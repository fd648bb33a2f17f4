"""Phone intake (网盘 / QR upload): a file name and bytes that arrived over the
network get the same checks as a file on a drive."""

from __future__ import annotations

from file_checks.content import judge_file
from file_checks.limits import IntakeLimits
from file_checks.names import display_name, name_problem
from file_checks.verdict import AcceptedFile, RejectedFile, reason_text


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
    return judge_file(name, (name,), data, limits)
