"""Listing a mounted USB drive without trusting it.

Every directory and file is opened relative to its parent's descriptor with
``O_NOFOLLOW`` (no symlink is ever followed, not even one swapped in between the
listing and the open), files with ``O_NONBLOCK`` (a FIFO cannot hang the kiosk)
and checked with ``fstat`` on the open descriptor (regular files only, size
before reading). Hidden entries (``.Trashes``, ``._photo.jpg``) are skipped.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from file_checks.content import judge_file
from file_checks.limits import IntakeLimits
from file_checks.names import display_name, name_problem, safe_component
from file_checks.stored import stored_copy
from file_checks.verdict import (
    OUT_OF_TIME,
    TRUNCATED,
    AcceptedFile,
    IntakeReport,
    Reason,
    RejectedFile,
    RejectedFileError,
    reason_text,
)

__all__ = ["IntakeError", "RejectedFileError", "read_accepted", "scan_drive"]

log = logging.getLogger(__name__)

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
_SKIPPED_DIRS = frozenset({"System Volume Information", "$RECYCLE.BIN", "lost+found"})


class IntakeError(Exception):
    """The drive itself cannot be read (gone, not a directory)."""


@dataclass
class _Walk:
    limits: IntakeLimits
    accepted: list[AcceptedFile] = field(default_factory=list)
    rejected: list[RejectedFile] = field(default_factory=list)
    examined: int = 0
    total: int = 0
    truncated: bool = False
    #: when the listing stops checking files (monotonic clock)
    deadline: float = 0.0
    out_of_time: bool = False

    def reject(self, name: str, reason: Reason, detail: str = "") -> None:
        self.rejected.append(
            RejectedFile(display_name(name), reason, reason_text(reason, self.limits), detail)
        )


def scan_drive(root: Path, limits: IntakeLimits | None = None) -> IntakeReport:
    """Every importable file on the drive mounted at ``root``, and why the others are not."""
    walk = _Walk(limits or IntakeLimits())
    walk.deadline = time.monotonic() + walk.limits.max_scan_s
    try:
        root_fd = os.open(root, _DIR_FLAGS)
    except OSError as exc:
        raise IntakeError(type(exc).__name__) from None
    try:
        _walk_dir(walk, root_fd, (), 0)
    finally:
        os.close(root_fd)
    log.info(
        "usb drive scanned",
        extra={
            "accepted": len(walk.accepted),
            "rejected": len(walk.rejected),
            "truncated": walk.truncated,
            "out_of_time": walk.out_of_time,
        },
    )
    said = OUT_OF_TIME if walk.out_of_time else TRUNCATED if walk.truncated else None
    return IntakeReport(walk.accepted, walk.rejected, walk.truncated, said)


def _walk_dir(walk: _Walk, dir_fd: int, prefix: tuple[str, ...], depth: int) -> None:
    entries: list[os.DirEntry[str]] = []
    with os.scandir(dir_fd) as it:
        for entry in it:
            if len(entries) >= walk.limits.max_entries_per_dir:
                walk.truncated = True
                break
            entries.append(entry)
    for entry in sorted(entries, key=lambda e: e.name):
        if walk.truncated and (walk.examined >= walk.limits.max_files or walk.out_of_time):
            return
        name = entry.name
        if name.startswith(".") or name in _SKIPPED_DIRS:
            continue
        problem = name_problem(name, walk.limits.max_name_bytes)
        if problem is not None:
            walk.reject(name, problem)
            continue
        if entry.is_symlink():
            walk.reject(name, Reason.SYMLINK)
            continue
        if entry.is_dir(follow_symlinks=False):
            if depth + 1 > walk.limits.max_depth:
                walk.reject(name, Reason.TOO_DEEP)
                continue
            try:
                sub = os.open(name, _DIR_FLAGS, dir_fd=dir_fd)
            except OSError as exc:
                walk.reject(name, Reason.UNREADABLE, type(exc).__name__)
                continue
            try:
                _walk_dir(walk, sub, (*prefix, name), depth + 1)
            finally:
                os.close(sub)
            continue
        if walk.examined >= walk.limits.max_files:
            walk.truncated = True
            return
        if time.monotonic() >= walk.deadline:
            walk.truncated = walk.out_of_time = True
            return
        walk.examined += 1
        _examine(walk, dir_fd, (*prefix, name))


def _examine(walk: _Walk, dir_fd: int, rel: tuple[str, ...]) -> None:
    name = rel[-1]
    limits = walk.limits
    try:
        data = _read_file(dir_fd, name, limits, remaining=limits.max_total_bytes - walk.total)
    except _Refused as refused:
        walk.reject(name, refused.reason, refused.detail)
        return
    judged = judge_file(name, rel, data, limits)
    if isinstance(judged, RejectedFile):
        walk.rejected.append(judged)
        return
    walk.total += len(data)
    walk.accepted.append(judged)


class _Refused(Exception):
    def __init__(self, reason: Reason, detail: str = "") -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.detail = detail


def _read_file(dir_fd: int, name: str, limits: IntakeLimits, remaining: int) -> bytes:
    try:
        fd = os.open(name, _FILE_FLAGS, dir_fd=dir_fd)
    except OSError as exc:
        # ELOOP: it became a symlink after the listing
        raise _Refused(Reason.SYMLINK if exc.errno == errno.ELOOP else Reason.UNREADABLE) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Refused(Reason.NOT_REGULAR)
        if st.st_size > limits.max_file_bytes:
            raise _Refused(Reason.TOO_LARGE, f"{st.st_size} bytes")
        if st.st_size == 0:
            raise _Refused(Reason.EMPTY)
        if st.st_size > remaining:
            raise _Refused(Reason.TOTAL_TOO_LARGE)
        chunks: list[bytes] = []
        got = 0
        while got <= limits.max_file_bytes:  # never more than the cap, even if it grows
            chunk = os.read(fd, min(1 << 20, limits.max_file_bytes + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as exc:
        raise _Refused(Reason.UNREADABLE, type(exc).__name__) from None
    finally:
        os.close(fd)
    if got > limits.max_file_bytes:
        raise _Refused(Reason.TOO_LARGE, "grew while read")
    return b"".join(chunks)


@contextmanager
def _open_dirs(root: Path, parts: tuple[str, ...]) -> Iterator[int]:
    """The descriptor of ``root/parts...``, every step without following links."""
    fds = [os.open(root, _DIR_FLAGS)]
    try:
        for part in parts:
            fds.append(os.open(part, _DIR_FLAGS, dir_fd=fds[-1]))
        yield fds[-1]
    finally:
        for fd in reversed(fds):
            os.close(fd)


def read_accepted(root: Path, file: AcceptedFile, limits: IntakeLimits | None = None) -> bytes:
    """What a file :func:`scan_drive` accepted becomes: read again the same safe way,
    checked to be the very file that was examined (same size and SHA-256), and
    checked again in the child, a picture encoded afresh (:func:`stored_copy`):
    never the drive's own bytes for a picture.

    Raises :class:`RejectedFileError` with a plain reason otherwise.
    """
    limits = limits or IntakeLimits()
    if not file.rel_path or not all(
        safe_component(p, limits.max_name_bytes) for p in file.rel_path
    ):
        raise RejectedFileError(_rejected(file.display_name, Reason.BAD_NAME, limits))
    try:
        with _open_dirs(root, file.rel_path[:-1]) as dir_fd:
            data = _read_file(dir_fd, file.rel_path[-1], limits, limits.max_file_bytes)
    except _Refused as refused:
        raise RejectedFileError(
            _rejected(file.display_name, refused.reason, limits, refused.detail)
        ) from None
    except OSError as exc:
        reason = Reason.SYMLINK if exc.errno == errno.ELOOP else Reason.UNREADABLE
        raise RejectedFileError(_rejected(file.display_name, reason, limits)) from None
    if len(data) != file.size or hashlib.sha256(data).hexdigest() != file.sha256:
        raise RejectedFileError(_rejected(file.display_name, Reason.CHANGED, limits))
    return stored_copy(data, file.display_name, limits)


def _rejected(name: str, reason: Reason, limits: IntakeLimits, detail: str = "") -> RejectedFile:
    return RejectedFile(name, reason, reason_text(reason, limits), detail)
