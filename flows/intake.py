"""Files for a material from a USB drive or from the resident's phone (U盘 / 网盘),
on the materials step of the declaration.

The states are :mod:`flows.intake_machine`'s. Everything that blocks runs off the
loop's thread and comes back through it: listing and checking the drive's files, the
platform's upload calls, checking what the phone sent (in the background while the
link is shown: the resident may add what is offered meanwhile), previews, and reading
the chosen files again. Only accepted files are offered; the chosen ones become pages
of the material (``DeclarationFlow.add_pages``, source ``usb`` / ``phone``) as the
checker stores them (:meth:`~flows.intake_ports.OfferedFile.page`).

What the phone sent and was checked stays offered when the link expires (the platform
drops its copy): nothing the resident already sent is lost before the intake ends.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from device_contracts import Completion, Operation, Text
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import MaterialPage, UploadedFile, UploadSession
from flows.intake_machine import IntakeMachine, IntakeStep
from flows.intake_ports import (
    DriveListing,
    OfferedFile,
    PagePreview,
    RefusedFile,
    UploadChecker,
    UploadSessions,
    UsbDrive,
)
from flows.machine_flow import MachineFlow
from flows.platform_call import call_platform, refused
from flows.ports import FlowLoop, Timer
from flows.settings import FlowSettings

log = logging.getLogger(__name__)

S = IntakeStep

#: how often the phone's link is asked what arrived
POLL_S = 1.0
#: reading the chosen files again, or one file's preview (the checker's child included)
FILE_TIMEOUT_S = 30.0


class IntakeSource(enum.StrEnum):
    USB = "usb"
    PHONE = "phone"


class Notice(enum.StrEnum):
    """What the screen says above the files (the kiosk's words ``intake.<value>``)."""

    SCANNING = "scanning"
    WAITING = "waiting"
    NONE = "none"
    FAILED = "failed"


class IntakeEnd(enum.StrEnum):
    """How the last intake ended."""

    ADDED = "added"
    #: the resident went back to the materials (返回材料)
    LEFT = "left"
    #: the declaration moved on (cancelled, timed out), or another intake began
    RESET = "reset"


@dataclass(frozen=True)
class IntakeView:
    """What the intake screen shows."""

    source: IntakeSource
    material: Text
    #: (name, size) of each file offered, in order
    offered: tuple[tuple[str, int], ...]
    #: (name, reason) of each file refused
    refused: tuple[tuple[str, Text], ...]
    notice: Notice | Text | None
    #: the phone's one-time link (the QR code), "" before it is known
    link: str


@dataclass(frozen=True, eq=False)
class PreviewShown:
    """One preview's answer (each its own: a file chosen again is previewed again)."""

    index: int
    #: None: the file cannot be shown (it may still be added)
    preview: PagePreview | None


@dataclass
class IntakeSession:
    """One intake, from its start to its end. Personal data (the files): never logged."""

    material: str = ""
    material_name: Text = field(default_factory=lambda: Text("", ""))
    source: IntakeSource = IntakeSource.USB
    offered: list[OfferedFile] = field(default_factory=list)
    refused: list[RefusedFile] = field(default_factory=list)
    chosen: list[OfferedFile] = field(default_factory=list)
    #: the last check or read failed (the notice says so until a check succeeds)
    failed: bool = False
    link: UploadSession | None = None
    link_open: bool = False
    #: files of the link already fetched
    seen: int = 0
    #: why the platform gave no link
    no_link: Text | None = None
    preview: PreviewShown | None = None

    def __repr__(self) -> str:
        return (
            f"IntakeSession({self.source.value}, offered={len(self.offered)}, "
            f"refused={len(self.refused)})"
        )


class IntakeFlow(MachineFlow[IntakeStep]):
    """USB-drive and phone intake for the declaration's materials step. Not
    thread-safe: everything runs on the loop's thread."""

    def __init__(
        self,
        materials: DeclarationFlow,
        drive: UsbDrive,
        uploads: UploadSessions,
        checker: UploadChecker,
        loop: FlowLoop,
        settings: FlowSettings = FlowSettings(),  # noqa: B008 - frozen, safe to share
    ) -> None:
        super().__init__(
            "intake", IntakeMachine(_Guards(self)), IntakeStep, loop, settings=settings
        )
        self.materials = materials
        self.drive = drive
        self.uploads = uploads
        self.checker = checker
        self.session = IntakeSession()
        self.ended: IntakeEnd | None = None
        self._poll_timer: Timer | None = None
        self._entry = {S.LISTING: self._list_drive, S.OPENING: self._open_link, S.ADDING: self._add}
        materials.subscribe(self._materials_changed)

    # what the screen shows ---------------------------------------------------------
    @property
    def view(self) -> IntakeView | None:
        """None while no intake is under way."""
        if self.state is S.IDLE:
            return None
        s = self.session
        return IntakeView(
            s.source,
            s.material_name,
            tuple((f.name, f.size) for f in s.offered),
            tuple((r.name, r.reason) for r in s.refused),
            self._notice(),
            s.link.url if s.link is not None else "",
        )

    def _notice(self) -> Notice | Text | None:
        state, s = self.state, self.session
        if state in (S.LISTING, S.OPENING):
            return Notice.SCANNING
        if state is S.NO_LINK:
            return s.no_link
        if state is S.UNREADABLE or s.failed:
            return Notice.FAILED
        if s.source is IntakeSource.PHONE:
            return Notice.WAITING
        return None if s.offered else Notice.NONE

    # the resident's taps ------------------------------------------------------------
    def start(self, material_code: str, source: str) -> bool:
        """The resident's "From USB" / "From phone" on a material: only on the
        materials step. Another intake under way ends first (its link closed)."""
        capturing = self.materials.state is DeclarationState.CAPTURING
        if not capturing or source not in {s.value for s in IntakeSource}:
            return False
        if self.state is not S.IDLE:
            self.reset()
        s = self.session
        s.material, s.source = material_code, IntakeSource(source)
        s.material_name = self._material_name(material_code)
        self.ended = None
        return self._fire("list_drive" if s.source is IntakeSource.USB else "open_link")

    def preview(self, index: int) -> None:
        """Show file ``index`` as the checker renders it (``session.preview``)."""
        offered = self.session.offered
        if self.state is S.IDLE or not 0 <= index < len(offered):
            return

        def shown(c: Completion[PagePreview]) -> None:
            if not c.ok:
                log.info("no preview", extra={"detail": c.detail})
            self.session.preview = PreviewShown(index, c.value if c.ok else None)

        op = Operation.blocking("intake.preview", offered[index].preview, FILE_TIMEOUT_S)
        self._watch(op, shown, any_state=True)

    def attach(self, indexes: Sequence[int]) -> None:
        """Add the files chosen (by their place in ``view.offered``) to the material."""
        offered = self.session.offered
        self.session.chosen = [offered[i] for i in indexes if 0 <= i < len(offered)]
        self._fire("add")

    def cancel(self) -> None:
        """The resident goes back to the materials (返回材料)."""
        if self.state is not S.IDLE:
            self.ended = IntakeEnd.LEFT
        super().cancel()

    def reset(self) -> None:
        if self.state is not S.IDLE:
            self.ended = IntakeEnd.RESET
        super().reset()

    # the drive -----------------------------------------------------------------------
    def _list_drive(self) -> None:
        drive = self.drive
        op = Operation.blocking("intake.scan_usb", drive.list_files, drive.listing_timeout)
        self._watch(op, self._on_listed)

    def _on_listed(self, c: Completion[DriveListing]) -> None:
        listing = c.value
        if not c.ok or listing is None:
            self._fire("drive_unreadable")
            return
        s = self.session
        s.offered, s.refused = list(listing.offered), list(listing.refused)
        log.info("usb drive listed", extra={"accepted": len(s.offered), "rejected": len(s.refused)})
        self._fire("listed")

    # the phone -----------------------------------------------------------------------
    def _open_link(self) -> None:
        self._call_platform("intake.open_upload", self.uploads.open_upload, self._on_link)

    def _on_link(self, c: Completion[UploadSession]) -> None:
        s = self.session
        if not c.ok or c.value is None:
            s.no_link = c.text
            self._fire("link_refused")
            return
        s.link, s.link_open = c.value, True
        self._fire("link_opened")
        self._poll_later()

    def _poll_later(self) -> None:
        self._poll_timer = self._loop.call_later(POLL_S, self._poll)

    def _poll(self) -> None:
        self._poll_timer = None
        link = self.session.link
        if link is None or not self.session.link_open:
            return
        token = link.token
        self._call_platform(
            "intake.uploaded_files",
            lambda: self.uploads.uploaded_files(token),
            self._on_files,
            any_state=True,
        )

    def _on_files(self, c: Completion[list[UploadedFile]]) -> None:
        s = self.session
        if refused(c):  # the platform answered: the link expired or was closed
            s.link_open = False
            log.info("upload link ended", extra={"detail": c.detail})
            if self.state is S.WAITING:
                self._fire("link_ended")
            return
        self._poll_later()  # a silent platform is asked again
        if not c.ok or c.value is None:
            return
        arrived = c.value[s.seen :]
        if not arrived:
            return
        s.seen += len(arrived)
        log.info("phone files received", extra={"n": len(arrived)})
        self._check(arrived)

    def _check(self, files: list[UploadedFile]) -> None:
        checker = self.checker

        def check() -> list[OfferedFile | RefusedFile]:
            # parsing and decoding: a worker thread waiting on the checker's child
            return [checker.check(f) for f in files]

        def checked(c: Completion[list[OfferedFile | RefusedFile]]) -> None:
            s = self.session
            for verdict in c.value or []:
                if isinstance(verdict, RefusedFile):
                    s.refused.append(verdict)
                else:
                    s.offered.append(verdict)
            s.failed = not c.ok

        op = Operation.blocking("intake.check_uploads", check, checker.check_timeout(len(files)))
        self._watch(op, checked, any_state=True)

    # adding ----------------------------------------------------------------------------
    def _add(self) -> None:
        s = self.session
        chosen, material, source = list(s.chosen), s.material, s.source.value

        def read() -> list[MaterialPage]:
            return [MaterialPage(material, f.page(), source=source) for f in chosen]

        self._watch(Operation.blocking("intake.read", read, FILE_TIMEOUT_S), self._on_read)

    def _on_read(self, c: Completion[list[MaterialPage]]) -> None:
        if not c.ok or not c.value:
            self.session.failed = True
            self._fire("not_added")
            return
        self.materials.add_pages(self.session.material, list(c.value))
        self.ended = IntakeEnd.ADDED
        self._finish()

    # plumbing ------------------------------------------------------------------------
    def _materials_changed(self) -> None:
        # the declaration moved on (cancelled, the idle timeout): drop what was offered
        if self.state is not S.IDLE and self.materials.state is not DeclarationState.CAPTURING:
            self.reset()

    def _material_name(self, code: str) -> Text:
        matter = self.materials.session.matter
        names = {m.code: m.name for m in matter.materials} if matter is not None else {}
        return names.get(code, Text("", ""))

    def _wipe(self) -> None:
        """The link closed (nobody waits for the answer), what was offered dropped."""
        link = self.session.link
        if link is not None:
            token = link.token
            call_platform(
                "intake.close_upload",
                lambda: self.uploads.close_upload(token),
                self.settings.platform_timeout,
            )
        if self._poll_timer is not None:
            self._poll_timer.cancel()
            self._poll_timer = None
        self.session = IntakeSession()
        super()._wipe()


class _Guards:
    def __init__(self, flow: IntakeFlow) -> None:
        self._flow = flow

    def from_drive(self) -> bool:
        return self._flow.session.source is IntakeSource.USB

    def link_open(self) -> bool:
        return self._flow.session.link_open
