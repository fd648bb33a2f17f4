"""The kiosk's side of the fleet endpoints (``platform_sim/routes_terminals.py``),
every answer checked against the contract (``platform_contract/terminals.py``).

``register`` enrols a terminal once at installation with the site's enrolment
token; ``FleetAgent.heartbeat`` reports device states and the outbox (no personal
data: names, states, counts, ages) and fetches the pushed config whenever the
platform's version differs from the one applied.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from device_contracts import DeviceSet
from platform_contract.terminals import ConfigOut, HeartbeatOut, RegisterOut

log = logging.getLogger(__name__)

API = "/api/v1"


@dataclass(frozen=True, repr=False)
class Registration:
    terminal_id: str
    token: str
    heartbeat_interval_s: int

    def __repr__(self) -> str:  # the token is a credential
        return f"Registration({self.terminal_id})"


def register(
    base_url: str,
    enrolment_token: str,
    terminal_id: str,
    site: str,
    *,
    software_version: str = "",
    current_token: str | None = None,
    session: requests.Session | None = None,
    timeout: float = 10.0,
) -> Registration:
    """Enrol ``terminal_id``; raises ``requests.HTTPError`` when refused.

    An id already enrolled gets a new token only with its ``current_token`` (or after
    a back-office reset); else the platform answers 409 ``already_registered``."""
    http = session or requests.Session()
    headers = {"Authorization": f"Bearer {enrolment_token}"}
    if current_token is not None:
        headers["X-Current-Token"] = current_token
    resp = http.post(
        base_url + API + "/terminals/register",
        json={"terminal_id": terminal_id, "site": site, "software_version": software_version},
        headers=headers,
        timeout=timeout,
    )
    resp.raise_for_status()
    out = RegisterOut.model_validate_json(resp.content)
    return Registration(out.terminal_id, out.token, out.heartbeat_interval_s)


def device_states(devices: DeviceSet) -> dict[str, str]:
    """Device kind -> state value, for a heartbeat."""
    kinds = ("id_reader", "document_camera", "face", "printer", "lockers", "qr_scanner")
    states = {kind: getattr(devices, kind).status().state.value for kind in kinds}
    states.update({k: d.status().state.value for k, d in devices.extra.items()})
    return states


@dataclass
class FleetAgent:
    """Heartbeats and pushed config for one terminal. Not thread-safe: one caller."""

    base_url: str
    terminal_id: str
    token: str = field(repr=False)
    software_version: str = ""
    timeout: float = 10.0
    #: called with the new pushed config (a dict of the keys the platform set)
    on_config: Callable[[Mapping[str, Any]], None] | None = None
    config_version: int = 0
    config: dict[str, Any] = field(default_factory=dict)
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def heartbeat(
        self,
        devices: Mapping[str, str],
        outbox_depth: int,
        oldest_age_s: float | None,
        *,
        busy: bool = False,
    ) -> bool:
        """Report; fetch and apply the pushed config if it changed. True if it changed."""
        resp = self.session.post(
            f"{self.base_url}{API}/terminals/{self.terminal_id}/heartbeat",
            json={
                "software_version": self.software_version,
                "busy": busy,
                "devices": dict(devices),
                "outbox": {"depth": outbox_depth, "oldest_age_s": oldest_age_s},
                "config_version": self.config_version,
            },
            headers=self._headers(),
            timeout=self.timeout,
        )
        resp.raise_for_status()
        wanted = HeartbeatOut.model_validate_json(resp.content).config_version
        if wanted == self.config_version:
            return False
        return self.fetch_config()

    def fetch_config(self) -> bool:
        resp = self.session.get(
            f"{self.base_url}{API}/terminals/{self.terminal_id}/config",
            headers=self._headers(),
            timeout=self.timeout,
        )
        resp.raise_for_status()
        out = ConfigOut.model_validate_json(resp.content)
        if out.version == self.config_version:
            return False
        self.config_version = out.version
        # the keys the platform sent, as it sent them
        self.config = out.config.model_dump(mode="json", exclude_unset=True)
        log.info(
            "pushed config applied",
            extra={"version": self.config_version, "keys": sorted(self.config)},
        )
        if self.on_config is not None:
            self.on_config(self.config)
        return True

    def close(self) -> None:
        self.session.close()
