"""Throwaway certificates for trying mutual TLS against the platform simulator.

A real site gets its terminal certificate from the platform operator's CA; this
makes a stand-in CA, a server certificate for the simulator on loopback and one
client certificate per terminal, so the tests and a technician on a bench can
run the kiosk over mTLS exactly as on a site (``kiosk platform dev-certs``).
Keys are written mode 0600. Never use these on a site: the CA key sits beside them.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

_Key = ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class DevPki:
    """Where :func:`make_dev_pki` wrote each file (PEM)."""

    ca_cert: Path
    server_cert: Path
    server_key: Path
    client_cert: Path
    client_key: Path


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def issue_certificate(
    subject: str,
    key: _Key,
    issuer: str,
    issuer_key: _Key,
    *,
    ca: bool = False,
    server: bool = False,
    days: int = 30,
) -> x509.Certificate:
    """A certificate for ``key``: a CA, a loopback server, or (default) a TLS client."""
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))  # tolerate clock skew
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if server:
        names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
        builder = builder.add_extension(
            x509.SubjectAlternativeName(names), critical=False
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    elif not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False
        )
    return builder.sign(issuer_key, hashes.SHA256())


def new_key() -> _Key:
    return ec.generate_private_key(ec.SECP256R1())


def write_cert(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def write_key(path: Path, key: _Key) -> Path:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # created 0600 rather than chmod-ed after, so the key is never readable by others
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    path.chmod(0o600)  # an existing file keeps its old mode through O_CREAT
    return path


def make_dev_pki(directory: Path, terminal_id: str) -> DevPki:
    """One CA signing the simulator's server certificate and ``terminal_id``'s client one."""
    directory.mkdir(parents=True, exist_ok=True)
    ca_key = new_key()
    ca = issue_certificate(
        "zizhu dev platform CA", ca_key, "zizhu dev platform CA", ca_key, ca=True
    )
    server_key, client_key = new_key(), new_key()
    server = issue_certificate("platform", server_key, "zizhu dev platform CA", ca_key, server=True)
    client = issue_certificate(terminal_id, client_key, "zizhu dev platform CA", ca_key)
    return DevPki(
        ca_cert=write_cert(directory / "ca.pem", ca),
        server_cert=write_cert(directory / "server.pem", server),
        server_key=write_key(directory / "server.key", server_key),
        client_cert=write_cert(directory / f"{terminal_id}.pem", client),
        client_key=write_key(directory / f"{terminal_id}.key", client_key),
    )
