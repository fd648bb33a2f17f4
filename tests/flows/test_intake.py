"""USB-drive intake on the materials step, headless on a ManualLoop: a real directory
as the drive, the real file checker (its child process) deciding, the declaration
taken to its materials with the fakes. The phone's path is test_intake_phone.py's."""

from __future__ import annotations

import io
import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PIL import Image as PILImage

from flows.declaration import DeclarationFlow, DeclarationState
from flows.intake import IntakeEnd, IntakeFlow, IntakeSource, Notice
from flows.intake_machine import IntakeStep
from flows.intake_ports import UploadSessions
from kiosk.intake_files import MountedDrive, UploadCheck
from tests.flows.conftest import Env, to_capturing
from tests.security.pdf_samples import simple_pdf

MATERIAL = "hukou_book"


def png(width: int = 400, height: int = 560) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (width, height), "#f4f1e8").save(out, format="PNG")
    return out.getvalue()


@dataclass
class Intake:
    env: Env
    declaration: DeclarationFlow
    flow: IntakeFlow
    drive: MountedDrive

    def settle(self, until: Callable[[], Any]) -> None:
        """Drain the loop until ``until()`` holds (the checker's child answers)."""
        self.env.settle(until, timeout=30.0)

    def start(self, source: IntakeSource = IntakeSource.USB, material: str = MATERIAL) -> None:
        assert self.flow.start(material, source)


def intake_on(env: Env, drive: Path, uploads: UploadSessions | None = None) -> Intake:
    """The declaration at its materials, and the intake over it (the fakes' platform
    for the links unless ``uploads``)."""
    declaration = env.declaration()
    to_capturing(env, declaration)
    mounted = MountedDrive(drive)
    flow = IntakeFlow(declaration, mounted, uploads or env.platform, UploadCheck(), env.loop)
    return Intake(env, declaration, flow, mounted)


@pytest.fixture
def drive(tmp_path: Path) -> Path:
    """A drive holding a scan the kiosk takes, a program and a text named .pdf."""
    root = tmp_path / "usb"
    (root / "扫描件").mkdir(parents=True)
    (root / "扫描件" / "户口簿.png").write_bytes(png())
    (root / "setup.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    (root / "合同.pdf").write_bytes("这不是PDF文件".encode())
    return root


@pytest.fixture
def intake(env: Env, drive: Path) -> Intake:
    return intake_on(env, drive)


def listed(it: Intake) -> None:
    it.start()
    assert it.flow.state is IntakeStep.LISTING
    view = it.flow.view
    assert view is not None and view.notice is Notice.SCANNING
    it.settle(lambda: it.flow.state is not IntakeStep.LISTING)


def test_a_drive_offers_what_it_accepts_and_says_why_not_the_rest(intake: Intake) -> None:
    listed(intake)
    assert intake.flow.state is IntakeStep.OFFERING
    view = intake.flow.view
    assert view is not None
    assert view.source is IntakeSource.USB and view.material.zh == "居民户口簿"
    assert [name for name, _size in view.offered] == ["户口簿.png"]
    reasons = dict((name, reason.zh) for name, reason in view.refused)
    assert set(reasons) == {"setup.exe", "合同.pdf"}
    assert reasons["合同.pdf"] == "文件名是 PDF，但内容不是 PDF 文件"
    assert view.notice is None and view.link == ""

    intake.flow.preview(0)
    intake.settle(lambda: intake.flow.session.preview is not None)
    shown = intake.flow.session.preview
    assert shown is not None and shown.index == 0 and shown.preview is not None
    assert shown.preview.jpeg[:2] == b"\xff\xd8" and shown.preview.pages == 1

    intake.flow.attach([0])
    assert intake.flow.state is IntakeStep.ADDING
    intake.settle(lambda: intake.flow.state is IntakeStep.IDLE)
    assert intake.flow.ended is IntakeEnd.ADDED and intake.flow.view is None
    pages = intake.declaration.session.pages
    assert [(p.material_code, p.source, p.image.mime) for p in pages] == [
        (MATERIAL, "usb", "image/png")
    ]
    assert (pages[0].image.width, pages[0].image.height) == (400, 560)
    assert intake.declaration.state is DeclarationState.CAPTURING


def test_a_file_the_isolated_checker_refuses_comes_with_its_reason(
    env: Env, tmp_path: Path
) -> None:
    root = tmp_path / "usb"
    root.mkdir()
    (root / "申请表.pdf").write_bytes(simple_pdf(pages=2))
    (root / "宏.pdf").write_bytes(
        simple_pdf(catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>")
    )
    it = intake_on(env, root)
    listed(it)
    view = it.flow.view
    assert view is not None
    assert [name for name, _size in view.offered] == ["申请表.pdf"]
    assert [(name, reason.en) for name, reason in view.refused] == [
        ("宏.pdf", "The PDF contains a script (JavaScript); it is not read")
    ]
    it.flow.preview(0)
    it.settle(lambda: it.flow.session.preview is not None)
    shown = it.flow.session.preview
    assert shown is not None and shown.preview is not None and shown.preview.pages == 2
    it.flow.attach([0])
    it.settle(lambda: it.flow.state is IntakeStep.IDLE)
    assert [p.image.mime for p in it.declaration.session.pages] == ["application/pdf"]


def test_a_drive_with_nothing_to_take_says_so(env: Env, tmp_path: Path) -> None:
    root = tmp_path / "usb"
    root.mkdir()
    (root / "setup.exe").write_bytes(b"MZ\x90\x00" + b"\x00" * 200)
    it = intake_on(env, root)
    listed(it)
    view = it.flow.view
    assert it.flow.state is IntakeStep.OFFERING and view is not None
    assert view.offered == () and view.notice is Notice.NONE


def test_no_drive_plugged_in_cannot_be_read(env: Env, tmp_path: Path) -> None:
    it = intake_on(env, tmp_path / "nothing-mounted")
    listed(it)
    view = it.flow.view
    assert it.flow.state is IntakeStep.UNREADABLE and view is not None
    assert view.notice is Notice.FAILED and view.offered == ()
    it.flow.cancel()
    assert it.flow.ended is IntakeEnd.LEFT and it.flow.state is IntakeStep.IDLE


def test_the_drive_pulled_before_adding_adds_nothing_and_keeps_the_choice(
    intake: Intake, drive: Path
) -> None:
    listed(intake)
    shutil.rmtree(drive)  # pulled out after the listing
    intake.flow.preview(0)
    intake.settle(lambda: intake.flow.session.preview is not None)
    shown = intake.flow.session.preview
    assert shown is not None and shown.index == 0 and shown.preview is None, "cannot be shown"
    intake.flow.attach([0])
    intake.settle(lambda: intake.flow.state is not IntakeStep.ADDING)
    assert intake.flow.state is IntakeStep.OFFERING
    view = intake.flow.view
    assert view is not None and view.notice is Notice.FAILED
    assert [name for name, _size in view.offered] == ["户口簿.png"], "still offered"
    assert intake.declaration.session.pages == []


def test_a_listing_that_ends_after_the_resident_left_is_dropped(
    intake: Intake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="flows.machine_flow")
    intake.start()
    intake.flow.cancel()  # 返回材料 while the drive is being checked
    assert intake.flow.ended is IntakeEnd.LEFT

    def dropped() -> bool:
        return any(
            r.getMessage() == "stale completion ignored"
            and getattr(r, "operation", "") == "intake.scan_usb"
            for r in caplog.records
        )

    intake.settle(dropped)
    assert intake.flow.state is IntakeStep.IDLE and intake.flow.session.offered == []


def test_the_declaration_moving_on_ends_the_intake(intake: Intake) -> None:
    listed(intake)
    intake.declaration.cancel()
    assert intake.flow.state is IntakeStep.IDLE and intake.flow.ended is IntakeEnd.RESET
    assert intake.flow.view is None and intake.flow.session.offered == []


def test_intake_starts_only_on_the_materials_step(intake: Intake) -> None:
    assert not intake.flow.start(MATERIAL, "cloud"), "only usb and phone"
    intake.declaration.back()  # to the form
    assert not intake.flow.start(MATERIAL, IntakeSource.USB)
    assert intake.flow.state is IntakeStep.IDLE
