"""Builders shared by the platform and offline_cache tests."""

from __future__ import annotations

import base64
import json
import socket
import uuid
from datetime import datetime
from typing import Any

import requests

from device_contracts import Image
from flows.domain import Applicant, CaseDraft, MaterialPage
from kiosk.paths import SAMPLE_IDENTITIES
from platform_sim.seed import (
    BACKOFFICE_TOKEN,
    DEMO_TERMINAL_ID,
    DEMO_TERMINAL_TOKEN,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the simulator checks the signature only
PEOPLE: list[dict[str, Any]] = json.loads(SAMPLE_IDENTITIES.read_text(encoding="utf-8"))["people"]


def session(token: str | None = DEMO_TERMINAL_TOKEN) -> requests.Session:
    s = requests.Session()
    if token is not None:
        s.headers["Authorization"] = f"Bearer {token}"
    return s


def backoffice() -> requests.Session:
    return session(BACKOFFICE_TOKEN)


def case_body(
    provisional_code: str,
    *,
    person: int = 0,
    matter: str = "SW001",
    pages: list[dict[str, Any]] | None = None,
    deferred: list[str] | None = None,
    form_extra: dict[str, str] | None = None,
) -> dict[str, Any]:
    p = PEOPLE[person]
    form = {
        "name": p["name"],
        "id_number": p["id_number"],
        "phone": p["phone"],
        "year": "2025",
        "delivery": "自助柜取件",
        **(form_extra or {}),
    }
    return {
        "terminal_id": DEMO_TERMINAL_ID,
        "matter_code": matter,
        "provisional_code": provisional_code,
        "applicant": {
            "name": p["name"],
            "id_number": p["id_number"],
            "gender": p["gender"],
            "birth_date": p["birth_date"],
            "address": p["address"],
        },
        "form": form,
        "pages": pages
        if pages is not None
        else [{"material_code": "id_card", "mime": "image/png", "data": b64(PNG)}],
        "deferred_materials": deferred or [],
    }


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def new_provisional(seq: int | None = None) -> str:
    n = seq if seq is not None else uuid.uuid4().int % 1_000_000
    return f"{DEMO_TERMINAL_ID}-{n:06d}"


def draft(person: int = 0, matter: str = "SW001") -> CaseDraft:
    """A declaration as the flow would build it (matter SW001 needs only the ID card)."""
    p = PEOPLE[person]
    return CaseDraft(
        idempotency_key=uuid.uuid4().hex,
        terminal_id=DEMO_TERMINAL_ID,
        matter_code=matter,
        applicant=Applicant(
            name=p["name"],
            id_number=p["id_number"],
            gender=p["gender"],
            birth_date=p["birth_date"],
            address=p["address"],
        ),
        form={
            "name": p["name"],
            "id_number": p["id_number"],
            "phone": p["phone"],
            "year": "2025",
            "delivery": "自助柜取件",
        },
        pages=(MaterialPage("id_card", Image(PNG, "image/png", 8, 8)),),
        created_at=datetime(2026, 11, 23, 21, 30),
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port
