"""USB drive and phone intake: which files a resident may hand over, decided
safely (no Qt, no network; the screens build on this).

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
:class:`devices.base.Text`.
"""

from devices.usb_drive.content import check_content
from devices.usb_drive.limits import IntakeLimits
from devices.usb_drive.scan import IntakeError, RejectedFileError, read_accepted, scan_drive
from devices.usb_drive.stored import stored_copy
from devices.usb_drive.upload import check_upload
from devices.usb_drive.verdict import (
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
