"""Mutual TLS: the simulator asks each terminal for a certificate signed by the
terminals' CA; a terminal without one is refused, one with its own is served."""

from __future__ import annotations

import datetime
import ipaddress
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from kiosk.platform_sim.seed import DEMO_TERMINAL_TOKEN
from kiosk.platform_sim.server import ServerTls, start_in_thread
from offline_cache.client import PlatformClient
from offline_cache.tls import ClientTls

Key = ec.EllipticCurvePrivateKey


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _cert(
    subject: str, key: Key, issuer: str, issuer_key: Key, *, ca: bool, server: bool = False
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    b = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if server:
        b = b.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    elif not ca:
        b = b.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return b.sign(issuer_key, hashes.SHA256())


def _write(path: Path, cert: x509.Certificate, key: Key | None = None) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    if key is not None:
        path.with_suffix(".key").write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        path.with_suffix(".key").chmod(0o600)
    return path


def test_terminal_without_client_cert_is_refused_and_with_one_is_served(tmp_path: Path) -> None:
    ca_key, other_key = (
        ec.generate_private_key(ec.SECP256R1()),
        ec.generate_private_key(ec.SECP256R1()),
    )
    ca = _cert("platform CA", ca_key, "platform CA", ca_key, ca=True)
    ca_path = _write(tmp_path / "ca.pem", ca)
    srv_key = ec.generate_private_key(ec.SECP256R1())
    srv = _write(
        tmp_path / "server.pem",
        _cert("platform", srv_key, "platform CA", ca_key, ca=False, server=True),
        srv_key,
    )
    term_key = ec.generate_private_key(ec.SECP256R1())
    term = _write(
        tmp_path / "BJTZ-0001.pem",
        _cert("BJTZ-0001", term_key, "platform CA", ca_key, ca=False),
        term_key,
    )
    rogue_ca = _cert("rogue CA", other_key, "rogue CA", other_key, ca=True)
    rogue_key = ec.generate_private_key(ec.SECP256R1())
    rogue = _write(
        tmp_path / "rogue.pem",
        _cert("BJTZ-0001", rogue_key, "rogue CA", other_key, ca=False),
        rogue_key,
    )
    assert rogue_ca.issuer != ca.issuer

    server = start_in_thread(
        tmp_path / "platform.sqlite3",
        tls=ServerTls(srv, srv.with_suffix(".key"), client_ca=ca_path),
    )
    try:
        assert server.url.startswith("https://")
        trust_only = PlatformClient(server.url, DEMO_TERMINAL_TOKEN, timeout=3, retries=0)
        trust_only._verify = str(ca_path)  # trusts the server, presents nothing
        refused = trust_only.health()
        print("terminal without a client certificate: served =", refused)
        assert refused is False

        impostor = PlatformClient(
            server.url,
            DEMO_TERMINAL_TOKEN,
            timeout=3,
            retries=0,
            tls=ClientTls(rogue, rogue.with_suffix(".key"), ca_path),
        )
        print("terminal with a certificate from another CA: served =", impostor.health())
        assert impostor.health() is False

        good = PlatformClient(
            server.url,
            DEMO_TERMINAL_TOKEN,
            timeout=3,
            retries=0,
            tls=ClientTls(term, term.with_suffix(".key"), ca_path),
        )
        served = good.health()
        matters = len(good.catalog().matters)
        print(f"terminal with its own certificate: served = {served}, {matters} matters")
        assert served and matters > 0
        for c in (trust_only, impostor, good):
            c.close()
    finally:
        server.stop()
