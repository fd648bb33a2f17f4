"""Mutual TLS to the platform: each terminal presents its own client certificate
and trusts only the platform's CA (not the system store)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import requests


@dataclass(frozen=True)
class ClientTls:
    """The terminal's certificate and key (PEM), and the CA that signed the platform's."""

    certfile: Path
    keyfile: Path
    platform_ca: Path

    def apply(self, session: requests.Session) -> None:
        session.cert = (str(self.certfile), str(self.keyfile))
        session.verify = str(self.platform_ca)
