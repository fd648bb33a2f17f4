"""The flows' cases and events as the platform's request bodies. Pure functions, no I/O.

A body is plain JSON, not a contract model (:class:`platform_contract.schemas.CaseIn`,
``EventIn``), on purpose: it is sealed into the outbox as it is and sent as it is,
and a body the platform refuses must be refused by the platform (kept as failed for
staff to see), not fail here before it is stored. The answers go the other way in :mod:`offline_cache.from_wire`.
"""

from __future__ import annotations

import base64
from dataclasses import asdict
from typing import Any

from flows.domain import CaseDraft, CaseEvent, IdentityCheck
from flows.evaluation import Evaluation
from offline_cache.commitment_wire import commitment_to_wire

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
    if draft.post is not None:  # 物流服务; left out for the locker, as before it existed
        p = draft.post
        body["delivery"] = {
            "method": "post",
            "recipient": p.recipient,
            "phone": p.phone,
            "province": p.province,
            "city": p.city,
            "district": p.district,
            "street": p.street,
        }
    if draft.commitment is not None:  # signed by the terminal's key before it is stored
        body["commitment"] = commitment_to_wire(draft)
    if draft.payment is not None:  # the fee's trade numbers (issue 23); none: no fee
        body["payment"] = asdict(draft.payment)
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


def evaluation_to_wire(evaluation: Evaluation) -> Json:
    """A rating (好差评); ``case_code`` left out when the journey had no case."""
    body: Json = {
        "evaluation_id": evaluation.evaluation_id,
        "journey": evaluation.journey.value,
        "level": evaluation.level.value,
        "reasons": [reason.value for reason in evaluation.reasons],
        "rated_at": evaluation.rated_at.isoformat(),
    }
    if evaluation.case_code:
        body["case_code"] = evaluation.case_code
    return body
