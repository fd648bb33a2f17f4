"""Mutual TLS: the simulator asks each terminal for a certificate signed by the
terminals' CA; a terminal without one is refused, one with its own is served."""

from __future__ import annotations

from pathlib import Path

from offline_cache.client import PlatformClient
from offline_cache.tls import ClientTls
from platform_sim.dev_pki import (
    issue_certificate,
    make_dev_pki,
    new_key,
    write_cert,
    write_key,
)
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import ServerTls, start_in_thread


def test_terminal_without_client_cert_is_refused_and_with_one_is_served(tmp_path: Path) -> None:
    pki = make_dev_pki(tmp_path, "BJTZ-0001")
    # the same terminal name, signed by a CA the platform never trusted
    rogue_ca_key, rogue_key = new_key(), new_key()
    rogue = write_cert(
        tmp_path / "rogue.pem",
        issue_certificate("BJTZ-0001", rogue_key, "rogue CA", rogue_ca_key),
    )
    write_key(tmp_path / "rogue.key", rogue_key)

    server = start_in_thread(
        tmp_path / "platform.sqlite3",
        tls=ServerTls(pki.server_cert, pki.server_key, client_ca=pki.ca_cert),
    )
    try:
        assert server.url.startswith("https://")
        trust_only = PlatformClient(server.url, DEMO_TERMINAL_TOKEN, timeout=3, retries=0)
        trust_only._verify = str(pki.ca_cert)  # trusts the server, presents nothing
        refused = trust_only.health()
        print("terminal without a client certificate: served =", refused)
        assert refused is False

        impostor = PlatformClient(
            server.url,
            DEMO_TERMINAL_TOKEN,
            timeout=3,
            retries=0,
            tls=ClientTls(rogue, tmp_path / "rogue.key", pki.ca_cert),
        )
        print("terminal with a certificate from another CA: served =", impostor.health())
        assert impostor.health() is False

        good = PlatformClient(
            server.url,
            DEMO_TERMINAL_TOKEN,
            timeout=3,
            retries=0,
            tls=ClientTls(pki.client_cert, pki.client_key, pki.ca_cert),
        )
        served = good.health()
        matters = len(good.catalog().matters)
        print(f"terminal with its own certificate: served = {served}, {matters} matters")
        assert served and matters > 0
        for c in (trust_only, impostor, good):
            c.close()
    finally:
        server.stop()
