"""The platform's JSON <-> the flows' domain types. Pure functions, no I/O.

A wire document that does not have the expected shape raises ``WireError``
(a ``ValueError``); the client turns it into a PlatformUnavailable.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

from devices.base import CompartmentSize, Image, Text
from flows.domain import (
    FREE,
    CaseDraft,
    CaseEvent,
    CaseStatus,
    CaseStatusKind,
    Catalog,
    Category,
    Delivery,
    FieldKind,
    FormField,
    IdentityCheck,
    MaterialSpec,
    Matter,
    PickupTicket,
)

Json = dict[str, Any]

#: cards and forms sometimes say 男/女; the platform wants male/female
_GENDERS = {
    "男": "male",
    "女": "female",
    "male": "male",
    "female": "female",
    "M": "male",
    "F": "female",
}


class WireError(ValueError):
    pass


def text(d: Mapping[str, Any]) -> Text:
    return Text(str(d["zh"]), str(d["en"]))


def catalog_from_wire(d: Mapping[str, Any], base_url: str = "") -> Catalog:
    """``base_url``: the platform's, for the matters' guide pages given as paths."""
    try:
        return Catalog(
            version=str(d["version"]),
            categories=tuple(
                Category(str(c["code"]), text(c["name"]), str(c.get("icon", "")))
                for c in d["categories"]
            ),
            matters=tuple(_matter(m, base_url) for m in d["matters"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"catalogue: {type(exc).__name__}: {exc}") from None


def _matter(m: Mapping[str, Any], base_url: str) -> Matter:
    return Matter(
        code=str(m["code"]),
        name=text(m["name"]),
        category=str(m["category"]),
        department=text(m["department"]),
        processing_days=int(m["processing_days"]),
        materials=tuple(
            MaterialSpec(
                code=str(x["code"]),
                name=text(x["name"]),
                required=bool(x.get("required", True)),
                deferrable=bool(x.get("deferrable", False)),
                deferral_days=int(x.get("deferral_days", 0)),
                doc_type=str(x.get("doc_type", "")),
                e_licence=bool(x.get("e_licence", False)),
            )
            for x in m["materials"]
        ),
        fields=tuple(
            FormField(
                key=str(f["key"]),
                label=text(f["label"]),
                kind=FieldKind(f.get("kind", "text")),
                required=bool(f.get("required", True)),
                prefill=str(f.get("prefill", "")),
                choices=tuple(text(c) for c in f.get("choices", ())),
            )
            for f in m["fields"]
        ),
        drop_size=CompartmentSize(m.get("drop_size", "M")),
        keywords=tuple(str(k) for k in m.get("keywords", ())),
        fee=text(m["fee"]) if "fee" in m else FREE,
        delivery=tuple(Delivery(x) for x in m.get("delivery", ("locker", "post"))),
        # a path on the platform becomes a URL a phone can open
        guide_url=urljoin(base_url + "/", str(m["guide_url"])) if m.get("guide_url") else "",
    )


def identity_to_wire(check: IdentityCheck) -> Json:
    """How the identity was checked; ``staff_id`` only on the assisted path."""
    out: Json = {"method": check.method.value}
    if check.staff_id:
        out["staff_id"] = check.staff_id
    return out


def draft_to_wire(draft: CaseDraft, provisional_code: str) -> Json:
    a = draft.applicant
    body: Json = {
        "terminal_id": draft.terminal_id,
        "matter_code": draft.matter_code,
        "provisional_code": provisional_code,
        "applicant": {
            "name": a.name,
            "id_number": a.id_number,
            "gender": _GENDERS.get(a.gender, a.gender),
            "birth_date": a.birth_date,
            "address": a.address,
            "card_type": a.card_type,
        },
        "form": dict(draft.form),
        "pages": [
            {
                "material_code": p.material_code,
                "mime": p.image.mime,
                "data": base64.b64encode(p.image.data).decode("ascii"),
                "width": p.image.width,
                "height": p.image.height,
                "source": p.source,
            }
            for p in draft.pages
        ],
        "deferred_materials": list(draft.deferred_materials),
        "created_at": draft.created_at.isoformat(),
    }
    # left out when unknown, so a draft made before the field existed sends the same body
    if draft.identity_check is not None:
        body["identity_check"] = identity_to_wire(draft.identity_check)
    if draft.e_licences:  # left out when none, for the same reason
        body["e_licences"] = [
            {"material_code": code, "licence_no": number} for code, number in draft.e_licences
        ]
    return body


def event_to_wire(event: CaseEvent) -> Json:
    body: Json = {
        "event_id": event.event_id,
        "kind": event.kind.value,
        "compartment_id": event.compartment_id,
        "actor": event.actor,
        "at": event.at.isoformat(),
    }
    if event.identity_check is not None:
        body["identity_check"] = identity_to_wire(event.identity_check)
    return body


def status_from_wire(d: Mapping[str, Any]) -> CaseStatus:
    try:
        return CaseStatus(
            case_code=str(d["case_code"]),
            matter_code=str(d["matter_code"]),
            status=CaseStatusKind(d["status"]),
            updated_at=str(d["updated_at"]),
            compartment_id=str(d.get("compartment_id", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"case status: {type(exc).__name__}") from None


def ticket_from_wire(d: Mapping[str, Any]) -> PickupTicket:
    try:
        return PickupTicket(
            case_code=str(d["case_code"]),
            matter_name=text(d["matter_name"]),
            compartment_id=str(d["compartment_id"]),
        )
    except (KeyError, TypeError) as exc:
        raise WireError(f"pickup ticket: {type(exc).__name__}") from None


def image_from_wire(d: Mapping[str, Any]) -> Image:
    try:
        return Image(
            data=base64.b64decode(d["data"], validate=True),
            mime=str(d["mime"]),
            width=int(d["width"]),
            height=int(d["height"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"photo: {type(exc).__name__}") from None
