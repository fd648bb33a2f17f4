"""The site config: the demo file loads and builds devices; bad keys are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from device_contracts import CompartmentRole, CompartmentSize
from devices.sim import SimIdCardReader, SimLockerBank
from kiosk.device_factory import build_device_set
from kiosk.paths import DEMO_SITE_CONFIG, SIM_SITE_CONFIG
from kiosk.site_config import SiteConfigError, load_site_config, parse_site_config

DEMO = SIM_SITE_CONFIG.read_text(encoding="utf-8")


def problems(text: str) -> list[str]:
    with pytest.raises(SiteConfigError) as caught:
        parse_site_config(text, "site.toml")
    assert str(caught.value).startswith("site.toml: ")
    return [str(issue) for issue in caught.value.issues]


def test_demo_config_loads() -> None:
    config = load_site_config(DEMO_SITE_CONFIG)
    assert config.terminal.id and "城市副中心" in config.terminal.name
    assert config.platform.embedded_simulator
    assert config.ui.lang == "zh" and config.ui.idle_timeout_s == 90
    assert config.ui.idle_warning_s == 20
    compartments = config.lockers.to_compartments()
    assert len(compartments) == 12
    roles = [c.role for c in compartments]
    assert roles.count(CompartmentRole.DROP) == 6 and roles.count(CompartmentRole.PICKUP) == 6
    drop_sizes = {c.size for c in compartments if c.role is CompartmentRole.DROP}
    assert drop_sizes == set(CompartmentSize)
    assert {c.board for c in compartments} == {1, 2}


def test_demo_config_builds_the_simulated_devices() -> None:
    devices = build_device_set(load_site_config(SIM_SITE_CONFIG))
    assert isinstance(devices.id_reader, SimIdCardReader)
    assert devices.id_reader.auto_place_after == 3.0
    assert isinstance(devices.lockers, SimLockerBank)
    assert devices.lockers.auto_close_after == 5.0
    assert len(devices.lockers.compartments()) == 12


def test_defaults_fill_optional_sections() -> None:
    minimal = DEMO.split("[platform]")[0] + "[devices" + DEMO.split("[devices", 1)[1]
    config = parse_site_config(minimal)
    assert config.ui.idle_timeout_s == 90 and config.ui.idle_warning_s == 20
    assert config.platform.timeout_s > 0 and config.ui.fullscreen


def test_token_stays_out_of_reprs() -> None:
    config = parse_site_config(
        DEMO.replace('token = "demo-terminal-token-0001"', 'token = "s3cret"')
    )
    assert config.platform.token.get_secret_value() == "s3cret"
    assert "s3cret" not in repr(config)


def test_bad_compartment_size_and_role_name_the_item() -> None:
    text = DEMO.replace(
        'id = "A04"\nboard = 1\nchannel = 4\nsize = "M"',
        'id = "A04"\nboard = 1\nchannel = 4\nsize = "XL"',
    )
    text = text.replace(
        'channel = 6\nsize = "L"\nrole = "pickup"', 'channel = 6\nsize = "L"\nrole = "both"'
    )
    assert problems(text) == [
        "lockers.compartments[3].size: must be S, M or L",
        "lockers.compartments[11].role: must be drop or pickup",
    ]


def test_every_bad_key_is_listed() -> None:
    text = (
        DEMO.replace('lang = "zh"', 'lang = "fr"')
        .replace("timeout_s = 15", 'timeout_s = "soon"')
        .replace('url = ""', 'url = "ftp://platform"')
        .replace("fullscreen = true", "fullscreen = true\nfulscreen = false")
    )
    found = problems(text)
    assert len(found) == 4
    assert any(p.startswith("platform.url: must be empty") for p in found)
    assert any(p.startswith("platform.timeout_s: ") for p in found)
    assert any(p.startswith("ui.lang: ") and "'zh'" in p for p in found)
    assert "ui.fulscreen: unknown key" in found


def test_unknown_driver_names_the_device() -> None:
    text = DEMO.replace(
        '[devices.printer]\ndriver = "sim"', '[devices.printer]\ndriver = "escpos9"'
    )
    assert problems(text) == [
        "devices.printer.driver: unknown driver 'escpos9' (known: escpos, sim)"
    ]


def test_device_option_errors() -> None:
    text = DEMO.replace("auto_close_after = 5.0", "auto_close_after = -5.0").replace(
        '[devices.face]\ndriver = "sim"', '[devices.face]\ndriver = "sim"\nsmile = true'
    )
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("devices.lockers.auto_close_after: ")
    only_unknown = DEMO.replace(
        '[devices.face]\ndriver = "sim"', '[devices.face]\ndriver = "sim"\nsmile = true'
    )
    assert problems(only_unknown) == ["devices.face.smile: unknown option for driver 'sim'"]


def test_missing_sections_are_required() -> None:
    text = DEMO.replace('[devices.qr_scanner]\ndriver = "sim"', "")
    text = text.replace('[terminal]\nid = "BJTZ-0001"\n', "[terminal]\n")
    assert problems(text) == ["terminal.id: is required", "devices.qr_scanner: is required"]


def test_duplicate_ids_and_channels() -> None:
    text = DEMO.replace('id = "A02"', 'id = "A01"').replace(
        'id = "B06"\nboard = 2\nchannel = 6', 'id = "B06"\nboard = 2\nchannel = 5'
    )
    assert problems(text) == [
        "lockers.compartments[1].id: 'A01' is already used by lockers.compartments[0]",
        "lockers.compartments[11].channel: board 2 channel 5 is already used by lockers.compartments[10]",
    ]


def test_idle_warning_must_be_shorter_than_the_timeout() -> None:
    text = DEMO.replace("idle_warning_s = 20", "idle_warning_s = 90")
    assert problems(text) == ["ui.idle_warning_s: must be less than ui.idle_timeout_s (90)"]


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(SiteConfigError, match="cannot read"):
        load_site_config(tmp_path / "absent.toml")
    broken = tmp_path / "broken.toml"
    broken.write_text("[terminal\nid = 1", encoding="utf-8")
    with pytest.raises(SiteConfigError, match="not valid TOML"):
        load_site_config(broken)
