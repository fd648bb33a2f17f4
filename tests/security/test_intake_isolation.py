"""File checks run in a child process under CPU, memory and time limits: a file
that exhausts them is refused as "could not be checked", the kiosk's process
carries on, and the next file is checked by a fresh child."""

from __future__ import annotations

import io
import os
import signal
import time
from pathlib import Path

from PIL import Image

from file_checks import IntakeLimits, Reason, check_upload, scan_drive
from file_checks.content import check_content
from file_checks.isolated import checker_pid
from file_checks.verdict import AcceptedFile, RejectedFile


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (10, 20, 30)).save(out, "JPEG")
    return out.getvalue()


def _big_png() -> bytes:
    """6000 x 6000 (36 MP, under the 50 MP limit): ~108 MB once decoded."""
    out = io.BytesIO()
    Image.new("RGB", (6000, 6000), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


def test_checks_run_in_another_process() -> None:
    assert check_content(_photo(), IntakeLimits()).reason is None
    pid = checker_pid()
    print("kiosk pid", os.getpid(), "checker pid", pid)
    assert pid is not None and pid != os.getpid()


def test_a_file_over_the_memory_limit_could_not_be_checked() -> None:
    data = _big_png()
    tight = IntakeLimits(check_memory_bytes=32 * 1024 * 1024)
    verdict = check_upload("scan.png", data, tight)
    print("36 MP PNG under a 32 MB limit:", getattr(verdict, "reason", None), verdict)
    assert isinstance(verdict, RejectedFile) and verdict.reason is Reason.UNCHECKABLE
    assert verdict.text.en == "This file could not be checked, so it is not read"
    # the same file with room enough is accepted
    assert isinstance(check_upload("scan.png", data), AcceptedFile)


def test_a_check_past_its_time_limit_kills_the_checker_and_the_next_file_is_checked() -> None:
    assert check_content(_photo(), IntakeLimits()).reason is None
    before = checker_pid()
    # no time at all: the answer cannot come in time, the child is killed
    late = check_content(_photo(), IntakeLimits(check_wall_s=0.0))
    print("no time:", late.reason, late.detail)
    assert late.reason is Reason.UNCHECKABLE and late.detail == "time limit"
    assert checker_pid() is None, "the child that ran out of time is gone"
    assert check_content(_photo(), IntakeLimits()).reason is None
    assert checker_pid() not in (None, before), "a fresh child"


def test_a_checker_that_died_is_replaced() -> None:
    assert check_content(_photo(), IntakeLimits()).reason is None
    pid = checker_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)  # as the OOM killer would, between two files
    while checker_pid() == pid:  # the signal is delivered asynchronously
        time.sleep(0.01)
    verdict = check_content(_photo(), IntakeLimits())
    assert verdict.reason is None
    assert checker_pid() not in (None, pid)


def test_a_drive_listing_stops_checking_at_its_time_budget(tmp_path: Path) -> None:
    """A drive full of files that each use up the checker's limits cannot keep the
    checker (one for the whole kiosk) busy for minutes: the listing stops checking
    at ``max_scan_s`` and says so."""
    root = tmp_path / "usb"
    root.mkdir()
    for i in range(5):
        (root / f"{i}.jpg").write_bytes(_photo())
    report = scan_drive(root, IntakeLimits(max_scan_s=0.0))
    print("no time to check:", report.truncated, report.truncated_text)
    assert report.truncated and not report.accepted and not report.rejected
    assert report.truncated_text is not None and "too long" in report.truncated_text.en
    assert len(scan_drive(root).accepted) == 5
