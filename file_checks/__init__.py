"""USB drive and phone intake: which files a resident may hand over, decided
safely (no Qt, no network; the screens build on this). It drives no device: the
system mounts the drive, and this lists and checks what is on it.

    report = scan_drive(Path("/media/usb0"))          # IntakeReport
    for f in report.accepted:   f.display_name, f.kind, f.size, f.pages ...
    for r in report.rejected:   r.display_name, r.reason, r.text.zh / r.text.en
    data = read_accepted(Path("/media/usb0"), report.accepted[0])   # verified bytes
    verdict = check_upload(name, data)                 # phone: AcceptedFile | RejectedFile
    page = stored_copy(data, verdict.display_name)     # phone: what is stored (re-encoded)

Everything that parses or decodes runs in a child process under CPU, memory and
time limits (isolated.py) and blocks the caller: call these off the GUI thread.

Limits (sizes, counts, depth, pixels, PDF pages/objects/inflate budget) are in
:class:`IntakeLimits`; every rejection carries a :class:`Reason` and a plain zh/en
:class:`device_contracts.Text`.
"""

from file_checks.content import check_content
from file_checks.limits import IntakeLimits
from file_checks.scan import IntakeError, RejectedFileError, read_accepted, scan_drive
from file_checks.stored import stored_copy
from file_checks.upload import check_upload
from file_checks.verdict import (
    AcceptedFile,
    FileKind,
    IntakeReport,
    Reason,
    RejectedFile,
    reason_text,
)

__all__ = [
    "AcceptedFile",
    "FileKind",
    "IntakeError",
    "IntakeLimits",
    "IntakeReport",
    "Reason",
    "RejectedFile",
    "RejectedFileError",
    "check_content",
    "check_upload",
    "read_accepted",
    "reason_text",
    "scan_drive",
    "stored_copy",
]
