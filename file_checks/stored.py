"""What becomes a case's page from a file a resident brought: never their bytes
for a picture. The file is checked again (it may have been swapped since the
listing) and a picture decoded and encoded afresh in the checker's child
process, so EXIF (GPS), comments (HTML), colour profiles and anything appended
after the image (a ZIP after a PNG) stay behind. A PDF is stored as checked:
it passed the active-content rules (pdf_check.py)."""

from __future__ import annotations

from file_checks.content import clean_content
from file_checks.limits import IntakeLimits
from file_checks.verdict import Reason, RejectedFile, RejectedFileError, reason_text


def stored_copy(data: bytes, display_name: str, limits: IntakeLimits | None = None) -> bytes:
    """The bytes to store for an accepted file; :class:`RejectedFileError` if it no
    longer passes. Blocks (a child process): call it off the GUI thread."""
    limits = limits or IntakeLimits()
    verdict = clean_content(data, limits)
    if verdict.reason is not None or verdict.kind is None:
        reason = verdict.reason or Reason.NOT_ALLOWED_TYPE
        raise RejectedFileError(
            RejectedFile(display_name, reason, reason_text(reason, limits), verdict.detail)
        )
    return verdict.clean if verdict.clean is not None else data
