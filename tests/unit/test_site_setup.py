"""kiosk/site_setup.py: fields from the site config model, validation naming keys,
an atomic save with a timestamped backup, live tests against simulated devices."""

from __future__ import annotations

import shutil
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from devices.registry import build_devices
from kiosk.paths import SIM_SITE_CONFIG
from kiosk.site_config import load_site_config
from kiosk.site_setup import SiteSetupService, check, running_sections, section_fields

NOW = datetime(2026, 11, 23, 3, 15, 0)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    path = tmp_path / "site.toml"
    shutil.copy(SIM_SITE_CONFIG, path)
    return path


def service(site: Path, **kw: object) -> SiteSetupService:
    return SiteSetupService(site, site, clock=lambda: NOW, **kw)  # type: ignore[arg-type]


def test_fields_come_from_the_site_config_model(site: Path) -> None:
    data = service(site).load().data
    ui = {f.name: f for f in section_fields(data, "ui")}
    assert ui["lang"].kind == "choice" and ui["lang"].choices == ("zh", "en")
    assert ui["idle_timeout_s"].kind == "int" and ui["idle_timeout_s"].value == 90
    assert ui["large_text"].kind == "bool"
    token = {f.name: f for f in section_fields(data, "platform")}["token"]
    assert token.kind == "secret"
    lockers = {f.name: f for f in section_fields(data, "devices.lockers")}
    assert lockers["driver"].choices == ("modbus", "rs485", "sim")
    assert lockers["auto_close_after"].optional and lockers["auto_close_after"].parse("") is None
    data["devices"]["lockers"] = {"driver": "rs485"}
    real = {f.name: f for f in section_fields(data, "devices.lockers")}
    assert real["port"].value == "/dev/ttyUSB1" and real["baudrate"].kind == "int"
    assert real["polarity"].choices == ("high", "low")
    assert real["baudrate"].parse("19200") == 19200 and real["baudrate"].parse("x") == "x"


def test_a_valid_edit_is_written_atomically_with_a_backup(site: Path) -> None:
    before = site.read_text(encoding="utf-8")
    port = service(site)
    data = port.load().data
    data["ui"]["idle_timeout_s"] = 120
    data["devices"]["lockers"] = {"driver": "modbus", "url": "tcp://127.0.0.1:1502"}
    data["lockers"]["compartments"][0]["size"] = "L"
    outcome = port.save(data)
    assert outcome.ok, outcome.problems
    backup = site.with_name("site.toml.20261123-031500.bak")
    assert outcome.backup == str(backup) and backup.read_text(encoding="utf-8") == before
    saved = tomllib.loads(site.read_text(encoding="utf-8"))
    assert saved["ui"]["idle_timeout_s"] == 120
    assert saved["devices"]["lockers"] == {"driver": "modbus", "url": "tcp://127.0.0.1:1502"}
    assert load_site_config(site).lockers.compartments[0].size.value == "L"
    assert sorted(p.name for p in site.parent.iterdir()) == ["site.toml", backup.name]
    again = port.save(data)  # a second save in the same second keeps both backups
    assert again.backup is not None and again.backup.endswith("-1.bak")


def test_a_save_keeps_the_comments_and_layout_of_what_did_not_change(site: Path) -> None:
    """The technician's and the template's comments survive; only edited values move."""
    site.write_text(
        "# Site: Tongzhou district hall, kiosk 3 (replaced the printer 2026-10)\n"
        + site.read_text(encoding="utf-8").replace(
            "[ui]", "# screens: the idle time was agreed with the hall manager\n[ui]", 1
        ),
        encoding="utf-8",
    )
    port = service(site)
    data = port.load().data
    data["ui"]["idle_timeout_s"] = 95
    del data["ui"]["large_text"]
    data["ui"]["lang"] = data["ui"].get("lang", "zh")
    first = port.save(data)
    assert first.ok, first.problems
    text = site.read_text(encoding="utf-8")
    assert text.startswith("# Saved by the kiosk's site setup on 2026-11-23 03:15:00")
    assert "# Site: Tongzhou district hall, kiosk 3 (replaced the printer 2026-10)\n" in text
    assert "# screens: the idle time was agreed with the hall manager\n[ui]" in text
    assert "idle_timeout_s = 95" in text and "large_text" not in text
    assert tomllib.loads(text) == data
    # saved again: one header (the new one), the comments still there once
    second = port.save(data)
    assert second.ok
    again = site.read_text(encoding="utf-8")
    assert again.count("# Saved by the kiosk's site setup") == 1
    assert again.count("# Site: Tongzhou district hall") == 1
    assert tomllib.loads(again) == data


def test_problems_name_their_keys_and_nothing_is_written(site: Path) -> None:
    before = site.read_text(encoding="utf-8")
    port = service(site)
    data = port.load().data
    data["ui"]["idle_timeout_s"] = "ninety"
    data["terminal"]["id"] = "bad id!"
    data["devices"]["lockers"] = {"driver": "rs485", "port": "/dev/ttyUSB1", "baudrate": "fast"}
    data["lockers"]["compartments"][1]["size"] = "XL"
    outcome = port.save(data)
    keys = [p.key for p in outcome.problems]
    print("problems:", *map(str, outcome.problems), sep="\n  ")
    assert set(keys) >= {
        "ui.idle_timeout_s",
        "terminal.id",
        "devices.lockers.baudrate",
        "lockers.compartments[1].size",
    }
    assert site.read_text(encoding="utf-8") == before
    assert list(site.parent.iterdir()) == [site], "no backup, no temporary file"
    assert [str(p) for p in check({**data, "ui": {"idle_timeout_s": 10, "idle_warning_s": 20}})]


def test_live_tests_on_a_changed_device_build_it_from_the_draft(site: Path) -> None:
    config = load_site_config(site)
    devices = build_devices(config.devices.as_mapping(), config.lockers.to_compartments())
    for device in devices.all():
        device.open()
    try:
        port = service(site, devices=devices, running=running_sections(config), terminal_id="T1")
        data = port.load().data
        printed = port.test_device("printer", data, None).result(20)
        assert printed.ok and printed.value is not None
        preview = printed.value.image
        assert preview is not None and preview.mime == "image/png" and preview.width == 576
        data["devices"]["printer"] = {"driver": "sim", "delay_s": 0.0}  # a temporary adapter
        assert port.test_device("printer", data, None).result(20).ok
        door = port.test_device("lockers", data, "B01").result(20)
        assert door.ok and door.value is not None and "B01" in door.value.text.en
        frame = port.test_device("document_camera", data, None).result(20)
        assert frame.ok and frame.value is not None and frame.value.image is not None
        data["devices"]["printer"] = {"driver": "sim", "delay_s": "slow"}
        bad = port.test_device("printer", data, None).result(20)
        assert not bad.ok and "devices.printer.delay_s" in bad.text.en
    finally:
        for device in devices.all():
            device.close()
