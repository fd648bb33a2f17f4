"""A file's bytes examined in this process: the type by its first bytes, then the
type's own checks. Only the checker's child process (check_worker.py) calls this;
the kiosk calls :func:`file_checks.content.check_content`, which sends the
bytes there."""

from __future__ import annotations

from file_checks.image_check import check_image
from file_checks.limits import IntakeLimits
from file_checks.pdf_check import check_pdf
from file_checks.sniff import first_look, sniff
from file_checks.verdict import ContentVerdict, FileKind


def examine(data: bytes, limits: IntakeLimits, clean: bool = False) -> ContentVerdict:
    """The verdict on ``data``; with ``clean``, an accepted picture's bytes encoded again."""
    early = first_look(data, limits)
    if early is not None:
        return early
    kind = sniff(data[:16])
    if kind is FileKind.PDF:
        return check_pdf(data, limits)
    assert kind is not None
    return check_image(data, kind, limits, clean=clean)
