"""Shared by the PC/SC tests: a reader with test timings, and a count of open PC/SC contexts."""

from __future__ import annotations

import os
from pathlib import Path

from devices.smartcard.adapter import PcscSettings, PcscStaffCardReader


def make_reader(**kwargs: object) -> PcscStaffCardReader:
    """The adapter with short polls, allowed to use vpcd's "Virtual PCD" reader."""
    options: dict[str, object] = {
        "allow_virtual_reader": True,
        "poll_s": 0.1,
        "reconnect_s": 0.1,
        "read_timeout_s": 2.0,
    }
    options.update(kwargs)
    return PcscStaffCardReader(PcscSettings(**options))  # type: ignore[arg-type]


def pcsc_client_sockets() -> int:
    """How many Unix sockets this process holds open.

    pcsc-lite's client library opens one connection to pcscd per context
    (``SCardEstablishContext``) and closes it in ``SCardReleaseContext``, also
    when the daemon is already gone; nothing else in these tests uses Unix
    sockets (the virtual card is TCP). So a context the adapter forgets to
    release while recovering shows up as one more socket here."""
    unix_inodes = set()
    for line in Path("/proc/self/net/unix").read_text().splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 7:
            unix_inodes.add(fields[6])  # columns: Num RefCount Protocol Flags Type St Inode [Path]
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:  # closed between listdir and readlink
            continue
        if target.startswith("socket:[") and target[len("socket:[") : -1] in unix_inodes:
            count += 1
    return count
