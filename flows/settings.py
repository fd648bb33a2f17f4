"""Timeouts and limits of the journeys, in one place so a site can slow them down (适老化)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FlowSettings:
    """Seconds for every wait, and how many tries a resident gets.

    Frozen so a default instance can be shared as a default argument.
    """

    card_timeout: float = 60
    face_timeout: float = 30
    capture_timeout: float = 20
    #: reading a captured page (OCR) for the form; the page is kept either way (added)
    ocr_timeout: float = 20
    door_open_timeout: float = 10
    door_close_timeout: float = 120
    print_timeout: float = 20
    platform_timeout: float = 15
    face_attempts: int = 3
    #: wrong pickup codes allowed before a collection session ends
    code_attempts: int = 5
    #: how long the QR scanner listens for a pickup code while the keypad is shown
    scan_timeout: float = 120
    #: staff mode logs out after this many seconds without a tap (added)
    staff_timeout: float = 120
    #: an ID card still on the reader this long after its journey was over is recorded
    #: in the audit log for staff (flows/card_return.py)
    card_left_timeout: float = 60
