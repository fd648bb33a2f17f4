"""``kiosk doctor`` on a healthy demo site and on one with a dead printer and an
unanswering lock board; the staff directory's PIN checks and lock-out."""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from device_contracts import StaffCard
from flows.domain import AuditEntry, PinVerdict, StaffRole
from kiosk.cli import main
from kiosk.ops.diagnostics import redact
from kiosk.paths import ASSETS, DEMO_STAFF_DIRECTORY
from kiosk.staff_directory import FileStaffDirectory
from offline_cache.audit import SqliteAuditLog


def test_doctor_on_a_healthy_demo_site(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["--log-level", "ERROR", "doctor", "--settle", "0.5", "--data-dir", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 0, out
    for name in ("printer", "lockers", "platform", "outbox", "disk"):
        assert re.search(rf"^{name}\s+OK", out, re.M), out
    # the voice: OK, or a warning with its next step (no sound card on a build machine)
    assert re.search(r"^audio\s+(OK|WARN)\s+\S", out, re.M), out
    assert "all checks passed" in out


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port: int = s.getsockname()[1]
    s.close()
    return port


def test_doctor_names_a_dead_printer_and_a_silent_lock_board(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    master, slave = os.openpty()  # a serial line with no lock board on it
    try:
        site = (ASSETS / "site" / "demo-sim.toml").read_text(encoding="utf-8")
        site = re.sub(
            r"\[devices.printer\]\n(?:[^\[\n].*\n)*",
            f'[devices.printer]\ndriver = "escpos"\nurl = "tcp://127.0.0.1:{_closed_port()}"\n'
            "timeout_s = 0.5\n\n",
            site,
        )
        site = re.sub(
            r"\[devices.lockers\]\n(?:[^\[\n].*\n)*",
            f'[devices.lockers]\ndriver = "rs485"\nport = "{os.ttyname(slave)}"\n'
            "timeout_s = 0.2\nretries = 1\n\n",
            site,
        )
        config = tmp_path / "broken.toml"
        config.write_text(site, encoding="utf-8")
        code = main(
            [
                "--log-level",
                "ERROR",
                "doctor",
                "--config",
                str(config),
                "--settle",
                "1.5",
                "--data-dir",
                str(tmp_path / "data"),
            ]
        )
    finally:
        os.close(master)
        os.close(slave)
    out = capsys.readouterr().out
    assert code == 1, out
    printer = re.search(r"^printer\s+FAIL\s+.*$", out, re.M)
    lockers = re.search(r"^lockers\s+FAIL\s+.*boards not answering.*$", out, re.M)
    assert printer and "printer" in printer.group(0).split("FAIL")[1].lower(), out
    assert lockers and "RS-485" in lockers.group(0), out
    assert re.search(r"^id_reader\s+OK", out, re.M)
    assert "2 of" in out


def test_pins_are_checked_against_scrypt_hashes_and_lock_out(tmp_path: Path) -> None:
    now = [1000.0]
    directory = FileStaffDirectory.load(
        DEMO_STAFF_DIRECTORY,
        state=tmp_path / "staff.sqlite3",
        max_attempts=3,
        lockout_s=60,
        clock=lambda: now[0],
    )
    clerk = StaffCard("04a1b2c3d4e5f6")
    ok = directory.check_pin(clerk, "246810")
    assert ok.verdict is PinVerdict.OK and ok.member is not None
    assert ok.member.role is StaffRole.CLERK
    assert directory.check_pin(clerk, "000000").attempts_left == 2
    assert directory.check_pin(clerk, "000001").attempts_left == 1
    assert directory.check_pin(clerk, "000002").verdict is PinVerdict.LOCKED
    assert directory.check_pin(clerk, "246810").verdict is PinVerdict.LOCKED, "even the right PIN"
    now[0] += 61
    assert directory.check_pin(clerk, "246810").verdict is PinVerdict.OK
    assert directory.check_pin(StaffCard("DEADBEEF"), "246810").verdict is PinVerdict.UNKNOWN_CARD
    gesture = directory.check_pin(None, "900100")
    assert gesture.member is not None and gesture.member.role is StaffRole.TECHNICIAN
    assert "246810" not in DEMO_STAFF_DIRECTORY.read_text(), "no PIN in clear"


def test_audit_log_is_durable_and_newest_first(tmp_path: Path) -> None:
    log = SqliteAuditLog(tmp_path / "audit.sqlite3")
    log.record(AuditEntry("door_opened", "C0107", "A01", "CASE-20261123-000001"))
    log.record(AuditEntry("door_closed", "C0107", "A01", "CASE-20261123-000001"))
    log.close()
    again = SqliteAuditLog(tmp_path / "audit.sqlite3")
    assert [(e.action, e.actor, e.case_ref) for e in again.recent(5)] == [
        ("door_closed", "C0107", "CASE-20261123-000001"),
        ("door_opened", "C0107", "CASE-20261123-000001"),
    ]
    again.close()


def test_log_lines_for_the_technician_mask_id_and_phone_numbers() -> None:
    line = redact("x id=110112198503121238 phone=13800138001 case=CASE-20261123-000001")
    assert "110112198503121238" not in line and "13800138001" not in line
    assert "CASE-20261123-000001" in line
