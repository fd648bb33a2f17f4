"""The intake flow's drive and checker (flows/intake_ports.py) over
``file_checks``: types by content, sizes, page and pixel limits, hostile names,
active content in PDFs, all checked in the checker's child process under CPU, memory
and time limits. Every call blocks: the flow makes them on worker threads.

A file chosen becomes a page as ``file_checks`` stores it: a drive's file read
again and checked to be the one listed (``read_accepted``), a phone's checked again
(``stored_copy``), a picture decoded and encoded afresh, never the resident's bytes.
"""

from __future__ import annotations

import io
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image as PILImage

from device_contracts import Image
from file_checks import (
    AcceptedFile,
    FileKind,
    IntakeLimits,
    RejectedFile,
    check_upload,
    read_accepted,
    scan_drive,
    stored_copy,
)
from file_checks.preview import preview_in_child
from flows.domain import UploadedFile
from flows.intake_ports import DriveListing, PagePreview, RefusedFile

#: where the kiosk's USB drive is mounted (udisks / the install's automount rule);
#: ``KIOSK_USB_ROOT`` overrides it
DEFAULT_USB_ROOT = Path("/media/kiosk-usb")
_LIMITS = IntakeLimits()


def usb_root(demo_data_dir: Path | None = None) -> Path:
    """The drive to list: ``$KIOSK_USB_ROOT``, else in a demo a sample drive written
    under the demo's data dir (kiosk/demo/usb_sample.py), else the automount point."""
    if "KIOSK_USB_ROOT" in os.environ:
        return Path(os.environ["KIOSK_USB_ROOT"])
    if demo_data_dir is not None:
        from kiosk.demo.usb_sample import make_sample_drive

        return make_sample_drive(demo_data_dir / "sample-usb")
    return DEFAULT_USB_ROOT


def _page(data: bytes, kind: FileKind) -> Image:
    if kind is FileKind.PDF:
        return Image(data, kind.value, 0, 0)
    # our own encoding, upright: its size, not the resident's header (EXIF-rotated)
    with PILImage.open(io.BytesIO(data)) as im:
        width, height = im.size
    return Image(data, kind.value, width, height)


class _CheckedFile(ABC):
    """A file that passed the checks (``accepted``); what is stored is ``_stored()``'s."""

    accepted: AcceptedFile

    @property
    def name(self) -> str:
        return self.accepted.display_name

    @property
    def size(self) -> int:
        return self.accepted.size

    def page(self) -> Image:
        return _page(self._stored(), self.accepted.kind)

    def preview(self) -> PagePreview:
        shown = preview_in_child(self._stored())
        return PagePreview(shown.jpeg, shown.pages)

    @abstractmethod
    def _stored(self) -> bytes: ...


@dataclass(frozen=True)
class DriveFile(_CheckedFile):
    """A file the drive's listing accepted, read again from the drive."""

    root: Path
    accepted: AcceptedFile

    def _stored(self) -> bytes:
        return read_accepted(self.root, self.accepted)


@dataclass(frozen=True)
class PhoneFile(_CheckedFile):
    """A file the phone sent, checked again from its bytes as they were sent."""

    accepted: AcceptedFile
    data: bytes = field(repr=False)

    def _stored(self) -> bytes:
        return stored_copy(self.data, self.name)


def _refused(rejected: RejectedFile) -> RefusedFile:
    return RefusedFile(rejected.display_name, rejected.text)


class MountedDrive:
    """The drive mounted at ``root`` (settable: a test or a demo points it elsewhere)."""

    def __init__(self, root: Path = DEFAULT_USB_ROOT) -> None:
        self.root = root

    @property
    def listing_timeout(self) -> float:
        # the listing stops checking at max_scan_s; the file being checked then may
        # take its own wall-clock limit
        return _LIMITS.max_scan_s + _LIMITS.check_wall_s + 10

    def list_files(self) -> DriveListing:
        root = self.root
        report = scan_drive(root)
        return DriveListing(
            [DriveFile(root, f) for f in report.accepted],
            [_refused(r) for r in report.rejected],
        )


class UploadCheck:
    """The drive's checks for the files a phone sends."""

    def check_timeout(self, files: int) -> float:
        # each file waits its turn for the checker and takes at most its wall-clock limit
        return 30 + _LIMITS.check_wall_s * files

    def check(self, file: UploadedFile) -> PhoneFile | RefusedFile:
        verdict = check_upload(file.name, file.data)
        if isinstance(verdict, AcceptedFile):
            return PhoneFile(verdict, file.data)
        return _refused(verdict)
