"""What the intake flow (flows/intake.py) needs from outside: a USB drive whose files
are listed and checked, a checker for the files a phone sends, and the platform's
one-time upload links.

Every call here blocks (a directory walk, the isolated file checker's child process,
HTTP): the flow runs them off the loop's thread. The kiosk wires the concrete ones
(kiosk/intake_files.py over the file checker; the platform client for the links).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from device_contracts import Image, Text
from flows.domain import UploadedFile, UploadSession


@dataclass(frozen=True)
class PagePreview:
    """A small JPEG of a file, so the resident sees it is the right one."""

    jpeg: bytes = field(repr=False)
    #: pages in a PDF (the preview shows the first), 1 for a picture
    pages: int = 1


class OfferedFile(Protocol):
    """A file that passed the checks, offered to the resident. Personal data: its
    name is never logged."""

    @property
    def name(self) -> str:
        """The name as it may be shown (hostile characters already refused)."""
        ...

    @property
    def size(self) -> int: ...

    def page(self) -> Image:
        """What the case keeps: the file read and checked again, a picture encoded
        afresh, never the resident's own bytes. Raises when it no longer passes (the
        drive was pulled, the file changed)."""
        ...

    def preview(self) -> PagePreview:
        """Raises when it cannot be shown (it may still be added)."""
        ...


@dataclass(frozen=True)
class RefusedFile:
    """A file that is not offered, and why, in plain words."""

    name: str
    reason: Text


@dataclass(frozen=True)
class DriveListing:
    offered: Sequence[OfferedFile]
    refused: Sequence[RefusedFile]


class UsbDrive(Protocol):
    """The kiosk's USB port: the drive a resident plugged in."""

    @property
    def listing_timeout(self) -> float:
        """Seconds a listing may take, checks included."""
        ...

    def list_files(self) -> DriveListing:
        """Every file on the drive, checked. Raises when the drive cannot be read
        (none plugged in, pulled out)."""
        ...


class UploadChecker(Protocol):
    """The same checks for the files a resident's phone sends."""

    def check_timeout(self, files: int) -> float:
        """Seconds checking ``files`` files may take (each waits its turn)."""
        ...

    def check(self, file: UploadedFile) -> OfferedFile | RefusedFile: ...


class UploadSessions(Protocol):
    """The platform's one-time upload links (:class:`flows.ports.Platform` has them)."""

    def open_upload(self) -> UploadSession: ...

    def uploaded_files(self, token: str) -> list[UploadedFile]:
        """What the phone has sent so far. Raises PlatformError once the link has
        expired or was closed, PlatformUnavailable while the platform is silent."""
        ...

    def close_upload(self, token: str) -> None: ...
