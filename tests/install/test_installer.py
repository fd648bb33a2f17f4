"""The installer run into a fresh temporary root, run again as an upgrade, and every
unit checked with ``systemd-analyze verify``."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "install" / "install.sh"
UNITS = sorted((REPO / "install" / "systemd").iterdir())


def _install(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(INSTALLER), "--root", str(root), "--no-venv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


needs_root = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("systemd-sysusers") is None,
    reason="the installer creates a system user and chowns files: needs root and systemd-sysusers",
)


@needs_root
def test_fresh_root_then_upgrade_keeps_config_and_data(tmp_path: Path) -> None:
    root = tmp_path / "root"
    first = _install(root)
    assert first.returncode == 0, first.stderr

    passwd = (root / "etc/passwd").read_text().splitlines()
    kiosk = next(line.split(":") for line in passwd if line.startswith("kiosk:"))
    assert kiosk[5] == "/var/lib/zizhu-kiosk" and kiosk[6] == "/usr/sbin/nologin"
    groups = {
        line.split(":")[0]: line.split(":")[3]
        for line in (root / "etc/group").read_text().splitlines()
    }
    assert "kiosk" in groups["dialout"].split(",")
    uid = int(kiosk[2])

    data = root / "var/lib/zizhu-kiosk"
    assert data.stat().st_uid == uid and (data.stat().st_mode & 0o777) == 0o750
    site = root / "etc/zizhu-kiosk/site.toml"
    assert (site.stat().st_mode & 0o777) == 0o640 and site.stat().st_uid == 0
    for path in (
        "opt/zizhu-kiosk/bin/kiosk-session",
        "opt/zizhu-kiosk/install/README.md",
        "etc/udev/rules.d/70-zizhu-kiosk.rules",
        "usr/local/lib/systemd/system/zizhu-kiosk.service",
        "usr/local/lib/systemd/system/zizhu-kiosk-restart.timer",
    ):
        assert (root / path).exists(), path
    assert os.access(root / "opt/zizhu-kiosk/bin/kiosk-session", os.X_OK)
    key = root / "etc/zizhu-kiosk/outbox.key"
    assert key.stat().st_size == 32 and (key.stat().st_mode & 0o777) == 0o600
    assert key.stat().st_uid == 0, "root-only: systemd passes it to the kiosk as a credential"
    first_key = key.read_bytes()

    # the site edits its config and the kiosk has queued data; then an upgrade
    site.write_text(site.read_text() + "\n# edited on site\n")
    (data / "outbox.sqlite3").write_bytes(b"queued cases")
    second = _install(root)
    assert second.returncode == 0, second.stderr
    assert site.read_text().endswith("# edited on site\n")
    assert (root / "etc/zizhu-kiosk/site.toml.dist").exists()
    assert (data / "outbox.sqlite3").read_bytes() == b"queued cases"
    assert key.read_bytes() == first_key, "a new key would make the queued cases unreadable"
    users = (root / "etc/passwd").read_text().splitlines()
    assert sum(1 for line in users if line.startswith("kiosk:")) == 1, "one user, not two"


def test_shipped_site_config_is_valid() -> None:
    from kiosk.site_config import load_site_config

    config = load_site_config(REPO / "install/etc/site.toml")
    assert str(config.data.dir) == "/var/lib/zizhu-kiosk"


def test_kiosk_unit_is_supervised_by_the_watchdog() -> None:
    unit = (REPO / "install/systemd/zizhu-kiosk.service").read_text()
    for line in (
        "Type=notify",
        "NotifyAccess=all",
        "WatchdogSec=",
        "Restart=always",
        "StartLimitBurst=",
        "After=pcscd.socket",
        "Wants=pcscd.socket",
        "User=kiosk",
        "StandardOutput=journal",
        "RuntimeDirectory=zizhu-kiosk",
    ):
        assert line in unit, line
    restart = (REPO / "install/systemd/zizhu-kiosk-restart.service").read_text()
    assert "/run/zizhu-kiosk/restart-requested" in restart  # a request, never a kill


def test_udev_rules_give_every_device_a_stable_name() -> None:
    rules = [
        line
        for line in (REPO / "install/udev/70-zizhu-kiosk.rules").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    names = {
        part.split('"')[1]
        for line in rules
        for part in line.split(", ")
        if part.startswith("SYMLINK+=")
    }
    assert {
        "zizhu/idcard",
        "zizhu/lockers",
        "zizhu/printer",
        "zizhu/document-camera",
        "zizhu/face-camera",
    } <= names
    for line in rules:
        assert 'ATTRS{idVendor}=="' in line or 'ATTR{idVendor}=="' in line, line


@pytest.mark.parametrize("unit", UNITS, ids=[u.name for u in UNITS])
def test_systemd_analyze_verify(unit: Path, tmp_path: Path) -> None:
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze not installed (scripts/bootstrap.sh installs systemd)")
    if "cage" in unit.read_text() and shutil.which("cage") is None:
        pytest.skip("ExecStart needs /usr/bin/cage (scripts/bootstrap.sh installs it)")
    # a copy: verify loads the unit by its file name, the timer beside its service
    for other in UNITS:
        shutil.copy(other, tmp_path / other.name)
    result = subprocess.run(
        [tool, "verify", str(tmp_path / unit.name)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    problems = [line for line in result.stderr.splitlines() if unit.stem in line]
    assert result.returncode == 0 and not problems, result.stderr
