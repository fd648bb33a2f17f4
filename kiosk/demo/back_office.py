"""The platform's people in a demo or a bench: the back office that approves a case and
answers a call for help, and the SMS the platform sends with a pickup code.

The tours and the fleet bench play these parts through the simulator's back-office
API (the token the simulator seeds), as a clerk's browser would; the kiosk under
test never sees this token.
"""

from __future__ import annotations

import re
from typing import Any

import requests

from device_contracts import Compartment, CompartmentRole, CompartmentSize, LockerBank
from flows.domain import CaseEvent, CaseEventKind
from flows.ports import CompartmentLedger
from platform_sim.seed import BACKOFFICE_TOKEN

#: the platform's SMS: "...取件码 123456..."
PICKUP_CODE = re.compile(r"取件码\s*(\d{6})")


class BackOffice:
    def __init__(
        self, platform_url: str, session: requests.Session | None = None, timeout: float = 10
    ) -> None:
        self.base = platform_url.rstrip("/") + "/api/v1/backoffice/"
        self.session = session or requests.Session()
        self.session.headers["Authorization"] = f"Bearer {BACKOFFICE_TOKEN}"
        self.timeout = timeout

    def call(self, method: str, path: str, body: object = None, **params: str) -> Any:
        r = self.session.request(
            method, self.base + path, json=body, params=params or None, timeout=self.timeout
        )
        r.raise_for_status()
        return r.json() if r.content else None

    def approve(self, case_code: str, load_compartment: str | None = None) -> None:
        """Approve the case; with ``load_compartment`` the certificate is loaded too."""
        body = {"load_compartment": load_compartment} if load_compartment else None
        self.call("POST", f"cases/{case_code}/approve", body)

    def pickup_code(self, case_code: str) -> str | None:
        """The pickup code the platform texted for this case, if it has."""
        notes = self.call("GET", "notifications", case_code=case_code)["notifications"]
        for note in notes:
            found = PICKUP_CODE.search(note["text"]["zh"])
            if found:
                return found.group(1)
        return None


def certificate_compartment(
    ledger: CompartmentLedger, lockers: LockerBank, case_code: str
) -> Compartment | None:
    """The small pickup compartment a clerk loads the case's certificate into (None:
    every one is taken)."""
    return ledger.allocate(
        lockers.compartments(), CompartmentRole.PICKUP, CompartmentSize.S, case_code
    )


def certificate_loaded(
    case_code: str, compartment: Compartment, actor: str, event_id: str
) -> CaseEvent:
    """What the clerk's loading tells the platform, which then texts the pickup code."""
    return CaseEvent(
        CaseEventKind.CERTIFICATE_LOADED,
        case_code,
        compartment_id=compartment.id,
        actor=actor,
        event_id=event_id,
    )
