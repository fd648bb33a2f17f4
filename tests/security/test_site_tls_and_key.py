"""A site configured as on a real kiosk: mutual TLS to the platform and the outbox
key in a root-only file outside the data directory, both named in the site config.

The kiosk's own composition root (KioskServices) and the technician's
``kiosk outbox flush`` are run against the platform simulator requiring client
certificates; nothing here hands the TLS objects or the key to them directly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.domain import SubmitState
from kiosk.services import KioskServices
from kiosk.site_config import SiteConfig, SiteConfigError, parse_site_config
from offline_cache.key_source import DEMO_KEY_FILE
from platform_sim.dev_pki import DevPki, make_dev_pki
from platform_sim.seed import DEMO_TERMINAL_ID
from platform_sim.server import ServerTls, start_in_thread
from tests.fakes.site_template import site_template_text
from tests.platform.helpers import draft, free_port
from tests.reliability.helpers import platform_holds, run_kiosk

REPO = Path(__file__).resolve().parents[2]


def site_text(url: str, data: Path, pki: DevPki | None, key_file: Path | None) -> str:
    """The shipped site template, filled in as a technician would."""
    text = site_template_text(url, data)
    if key_file is not None:
        text = text.replace('dir = "', f'outbox_key_file = "{key_file}"\ndir = "', 1)
    if pki is not None:
        text = text.replace(
            "\n[ui]",
            f'\n[platform.tls]\nclient_cert = "{pki.client_cert}"\n'
            f'client_key = "{pki.client_key}"\nca = "{pki.ca_cert}"\n\n[ui]',
            1,
        )
    return text


@pytest.fixture
def pki(tmp_path: Path) -> DevPki:
    return make_dev_pki(tmp_path / "tls", DEMO_TERMINAL_ID)


def test_kiosk_submits_over_mtls_with_the_key_outside_the_data(pki: DevPki, tmp_path: Path) -> None:
    data, key_file = tmp_path / "data", tmp_path / "etc" / "outbox.key"
    server = start_in_thread(
        tmp_path / "platform.sqlite3",
        tls=ServerTls(pki.server_cert, pki.server_key, client_ca=pki.ca_cert),
    )
    try:
        config = parse_site_config(site_text(server.url, data, pki, key_file), "site.toml")
        services = KioskServices.start(config)
        try:
            assert services.platform.client.health(), "the terminal's certificate was not used"
            result = services.platform.submit_case(draft())
            print("submitted over mTLS:", result.state.value, result.code)
            assert result.state is SubmitState.ACCEPTED and result.code
        finally:
            services.close()
        assert platform_holds(tmp_path / "platform.sqlite3").case_keys == [result.idempotency_key]
        # the key is where the config says, root-only, and nowhere in the data
        assert key_file.stat().st_size == 32 and key_file.stat().st_mode & 0o777 == 0o600
        assert not list(data.rglob(DEMO_KEY_FILE))

        # the same site without its certificate: the platform refuses the handshake
        no_cert = parse_site_config(site_text(server.url, data, None, key_file), "site.toml")
        services = KioskServices.start(no_cert)
        try:
            assert not services.platform.client.health()
        finally:
            services.close()
    finally:
        server.stop()


def test_outbox_flush_uses_the_sites_certificate_and_key(pki: DevPki, tmp_path: Path) -> None:
    """Cases queued while the platform was away are sent by ``kiosk outbox flush``:
    it must present the terminal's certificate and decrypt with the configured key."""
    data, key_file = tmp_path / "data", tmp_path / "etc" / "outbox.key"
    port = free_port()
    url = f"https://127.0.0.1:{port}"
    site = tmp_path / "site.toml"
    site.write_text(site_text(url, data, pki, key_file), encoding="utf-8")

    services = KioskServices.start(parse_site_config(site.read_text(), str(site)))
    try:
        queued = [services.platform.submit_case(draft(person=i)) for i in range(2)]
    finally:
        services.close()
    print("while the platform was away:", [r.state.value for r in queued])
    assert all(r.state is SubmitState.QUEUED for r in queued)

    server = start_in_thread(
        tmp_path / "platform.sqlite3",
        port=port,
        tls=ServerTls(pki.server_cert, pki.server_key, client_ca=pki.ca_cert),
    )
    try:
        flushed = run_kiosk("outbox", "flush", "--json", "--config", str(site))
        print("kiosk outbox flush:", flushed.stdout.strip(), flushed.stderr.strip())
        assert flushed.returncode == 0, flushed.stderr
        assert json.loads(flushed.stdout)["delivered"] == 2
    finally:
        server.stop()
    held = platform_holds(tmp_path / "platform.sqlite3").case_keys
    assert sorted(held) == sorted(r.idempotency_key for r in queued)


def _issues(text: str) -> dict[str, str]:
    with pytest.raises(SiteConfigError) as caught:
        parse_site_config(text, "site.toml")
    return {i.key: i.message for i in caught.value.issues}


def test_bad_tls_and_key_settings_are_named(pki: DevPki, tmp_path: Path) -> None:
    data = tmp_path / "data"
    pki.client_key.chmod(0o644)
    problems = _issues(site_text("http://platform.example", data, pki, data / "outbox.key"))
    print(json.dumps(problems, ensure_ascii=False, indent=1))
    assert "https://" in problems["platform.tls"]
    assert "chmod 600" in problems["platform.tls.client_key"]
    assert "outside data.dir" in problems["data.outbox_key_file"]

    pki.client_key.chmod(0o600)
    pki.ca_cert.unlink()
    problems = _issues(site_text("https://platform.example", data, pki, None))
    assert problems == {"platform.tls.ca": f"no such file: {pki.ca_cert}"}

    good: SiteConfig = parse_site_config(
        site_text("https://platform.example", data, make_dev_pki(tmp_path / "t2", "X"), None)
    )
    tls = good.platform.client_tls()
    assert tls is not None and tls.platform_ca.name == "ca.pem"
