"""Wire <-> domain for the lookups of the clerk, progress and appointment journeys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from devices.base import Text
from flows.domain import Appointment, CaseStatusKind, CaseSummary, ELicence
from offline_cache.wire import WireError, text


def summary_from_wire(d: Mapping[str, Any]) -> CaseSummary:
    try:
        return CaseSummary(
            case_code=str(d["case_code"]),
            matter_code=str(d["matter_code"]),
            matter_name=text(d["matter_name"]),
            status=CaseStatusKind(d["status"]),
            compartment_id=str(d.get("compartment_id", "")),
            created_at=str(d.get("created_at", "")),
            updated_at=str(d.get("updated_at", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"case summary: {type(exc).__name__}") from None


def summaries_from_wire(d: Mapping[str, Any]) -> list[CaseSummary]:
    try:
        return [summary_from_wire(c) for c in d["cases"]]
    except (KeyError, TypeError) as exc:
        raise WireError(f"case list: {type(exc).__name__}") from None


#: a booking the platform refuses without saying why
CHECK_IN_CLOSED = Text(
    "该预约现在不能签到，请咨询工作人员", "This booking cannot be checked in now; please ask staff"
)


def appointment_from_wire(d: Mapping[str, Any]) -> Appointment:
    try:
        return Appointment(
            token=str(d["token"]),
            matter_code=str(d["matter_code"]),
            matter_name=text(d["matter_name"]),
            scheduled_at=str(d["scheduled_at"]),
            id_number_tail=str(d.get("id_number_tail", "")),
            check_in_refused=_check_in_refused(d),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise WireError(f"appointment: {type(exc).__name__}") from None


def _check_in_refused(d: Mapping[str, Any]) -> Text | None:
    """The platform's rule when it says the booking may not be checked in now; a
    refusal without words still refuses, in general words."""
    if d.get("check_in", "open") == "open":
        return None
    rule = d.get("check_in_rule")
    return text(rule) if rule else CHECK_IN_CLOSED


def appointments_from_wire(d: Mapping[str, Any]) -> list[Appointment]:
    try:
        return [appointment_from_wire(a) for a in d["appointments"]]
    except (KeyError, TypeError) as exc:
        raise WireError(f"appointment list: {type(exc).__name__}") from None


def licences_from_wire(d: Mapping[str, Any]) -> list[ELicence]:
    try:
        return [
            ELicence(
                material_code=str(e["material_code"]),
                name=text(e["name"]),
                licence_no=str(e["licence_no"]),
                holder_id_number=str(e["holder_id_number"]),
                issuer=text(e["issuer"]),
                issued_on=str(e.get("issued_on", "")),
            )
            for e in d["licences"]
        ]
    except (KeyError, TypeError) as exc:
        raise WireError(f"licence list: {type(exc).__name__}") from None
