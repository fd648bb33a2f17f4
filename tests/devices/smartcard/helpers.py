"""Shared by the PC/SC tests: a reader with test timings."""

from __future__ import annotations

from devices.smartcard.adapter import PcscStaffCardReader


def make_reader(**kwargs: object) -> PcscStaffCardReader:
    """The adapter with short polls, allowed to use vpcd's "Virtual PCD" reader."""
    options: dict[str, object] = {
        "allow_virtual_reader": True,
        "poll_s": 0.1,
        "reconnect_s": 0.1,
        "read_timeout_s": 2.0,
    }
    options.update(kwargs)
    return PcscStaffCardReader(**options)  # type: ignore[arg-type]
