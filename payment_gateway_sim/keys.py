"""The gateway's key pair and the one app's (its id and public key), made once per key
directory and kept there as PEM files: a restarted gateway keeps its keys, so a kiosk
configured with them keeps working.

The app's private key is made here too because the demo and the tests have no merchant
to make it: the kiosk's site config points at ``app_private.pem``; the gateway itself
only ever reads the app's public key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

#: the simulated merchant's app id (16 digits, as Alipay's are)
DEFAULT_APP_ID = "2026000000000001"


@dataclass(frozen=True)
class KeyFiles:
    """The files in a key directory, named as the site config's ``[payments]`` names them."""

    gateway_private: Path
    gateway_public: Path
    app_private: Path
    app_public: Path
    app_id_file: Path

    @classmethod
    def in_dir(cls, keys_dir: Path) -> KeyFiles:
        return cls(
            gateway_private=keys_dir / "gateway_private.pem",
            gateway_public=keys_dir / "gateway_public.pem",
            app_private=keys_dir / "app_private.pem",
            app_public=keys_dir / "app_public.pem",
            app_id_file=keys_dir / "app_id.txt",
        )


@dataclass(frozen=True)
class GatewayKeys:
    files: KeyFiles
    app_id: str
    gateway_private: rsa.RSAPrivateKey
    app_public: rsa.RSAPublicKey


def ensure_keys(keys_dir: Path, app_id: str = DEFAULT_APP_ID) -> GatewayKeys:
    """Load the keys from ``keys_dir``, making whatever is missing first."""
    files = KeyFiles.in_dir(keys_dir)
    keys_dir.mkdir(parents=True, exist_ok=True)
    _ensure_pair(files.gateway_private, files.gateway_public)
    _ensure_pair(files.app_private, files.app_public)
    if not files.app_id_file.exists():
        files.app_id_file.write_text(app_id + "\n", encoding="ascii")
    gateway_private = serialization.load_pem_private_key(
        files.gateway_private.read_bytes(), password=None
    )
    app_public = serialization.load_pem_public_key(files.app_public.read_bytes())
    if not isinstance(gateway_private, rsa.RSAPrivateKey) or not isinstance(
        app_public, rsa.RSAPublicKey
    ):
        raise ValueError(f"{keys_dir}: RSA keys expected (RSA2)")
    return GatewayKeys(
        files, files.app_id_file.read_text(encoding="ascii").strip(), gateway_private, app_public
    )


def _ensure_pair(private_path: Path, public_path: Path) -> None:
    if private_path.exists() and public_path.exists():
        return
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # owner-only before a byte of the key is in it (chmod too: an old file keeps its mode)
    private_path.touch(mode=0o600)
    private_path.chmod(0o600)
    private_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    public_path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
