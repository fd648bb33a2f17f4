"""Issue 13.5: a site config that names no place for the outbox key outside the data
(no systemd credential, no ``data.outbox_key_file``, no $KIOSK_OUTBOX_KEY_FILE) must
not start ``kiosk run`` with the key silently beside the data; a demo may, and says so."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.services import KioskServices
from offline_cache.key_source import CREDENTIAL_NAME, DEMO_KEY_FILE, KEY_FILE_ENV
from tests.fakes.site_template import embedded_demo_config, site_template_text
from tests.platform.helpers import free_port

ROOT = Path(__file__).resolve().parents[2]


def _site_without_key(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "data"
    site = tmp_path / "site.toml"
    # a real platform's URL (nothing need answer: the kiosk must stop before asking)
    site.write_text(site_template_text(f"http://127.0.0.1:{free_port()}", data), "utf-8")
    return site, data


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CREDENTIALS_DIRECTORY", KEY_FILE_ENV)}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_kiosk_run_refuses_a_site_with_the_key_beside_the_data(tmp_path: Path) -> None:
    site, data = _site_without_key(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "kiosk.cli", "run", "--config", str(site), "--metrics-port", "0"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    print("exit", done.returncode, "stderr:", done.stderr.strip()[-600:])
    assert done.returncode == 2
    assert "refusing to start" in done.stderr and "data.outbox_key_file" in done.stderr
    assert CREDENTIAL_NAME in done.stderr and "Traceback" not in done.stderr
    assert not list(data.rglob(DEMO_KEY_FILE)), "no key was made beside the data"


def test_doctor_names_the_missing_key_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    site, data = _site_without_key(tmp_path)
    code = main(["--log-level", "ERROR", "doctor", "--config", str(site), "--settle", "0"])
    assert code == 2
    assert "refusing to start" in capsys.readouterr().err
    assert not list(data.rglob(DEMO_KEY_FILE))


def test_the_demo_keeps_the_key_beside_the_data_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.delenv(KEY_FILE_ENV, raising=False)
    data = tmp_path / "data"
    with caplog.at_level(logging.WARNING, logger="offline_cache.key_source"):
        services = KioskServices.start(embedded_demo_config(data), data_dir=data)
        services.close()
    assert (data / "outbox" / DEMO_KEY_FILE).stat().st_size == 32
    assert any("demo mode: outbox key kept beside the data" in r.message for r in caplog.records)
