"""The platform's answers as the flows' domain types. Pure functions, no I/O.

Every answer is first validated as its contract model (:mod:`platform_contract`,
the models the platform serves; :func:`offline_cache.answers.checked`), so the
shape is written once, there; what is left here is the mapping: the wire's words to
the flows' enums, ``Bilingual`` to ``Text``, base64 to bytes. The flows keep times as
the ISO text the platform sent (:func:`wire_time`).

A base64 payload that does not decode raises ``WireError`` (a ``ValueError``); the
client turns it into a PlatformUnavailable.
"""

from __future__ import annotations

import base64
from datetime import datetime
from urllib.parse import urljoin

from pydantic import TypeAdapter

from device_contracts import CompartmentSize, Image, Text
from flows.domain import (
    Appointment,
    CaseStatus,
    CaseStatusKind,
    CaseSummary,
    Catalog,
    Category,
    Delivery,
    ELicence,
    FieldKind,
    FormField,
    InstantDecision,
    MaterialSpec,
    Matter,
    PickupTicket,
    UploadedFile,
    UploadSession,
)
from offline_cache.commitment_wire import commitment_form
from platform_contract.schemas import (
    AppointmentOut,
    Bilingual,
    CaseOut,
    CatalogOut,
    ELicenceOut,
    FieldOut,
    MaterialOut,
    MatterOut,
    PhotoOut,
    PickupTicketOut,
)
from platform_contract.seal import DecisionOut
from platform_contract.uploads import UploadFileOut, UploadSessionOut


class WireError(ValueError):
    pass


#: a booking the platform refuses without saying why
CHECK_IN_CLOSED = Text(
    "该预约现在不能签到，请咨询工作人员", "This booking cannot be checked in now; please ask staff"
)

_TIME = TypeAdapter(datetime)


def text(b: Bilingual) -> Text:
    return Text(b.zh, b.en)


def wire_time(t: datetime) -> str:
    """A time as the platform wrote it: the contract's own ISO rendering, so the text
    the flows show and sort is the one on the wire."""
    return str(_TIME.dump_python(t, mode="json"))


# --------------------------------------------------------------------------- catalogue


def catalog(out: CatalogOut, base_url: str = "") -> Catalog:
    """``base_url``: the platform's, for the matters' guide pages given as paths."""
    return Catalog(
        version=out.version,
        categories=tuple(Category(c.code, text(c.name), c.icon) for c in out.categories),
        matters=tuple(_matter(m, base_url) for m in out.matters),
    )


def _matter(m: MatterOut, base_url: str) -> Matter:
    return Matter(
        code=m.code,
        name=text(m.name),
        category=m.category,
        department=text(m.department),
        processing_days=m.processing_days,
        materials=tuple(_material(x) for x in m.materials),
        fields=tuple(_field(f) for f in m.fields),
        drop_size=CompartmentSize(m.drop_size),
        keywords=tuple(m.keywords),
        fee=text(m.fee),
        delivery=tuple(Delivery(x) for x in m.delivery),
        # a path on the platform becomes a URL a phone can open
        guide_url=urljoin(base_url + "/", m.guide_url) if m.guide_url else "",
        commitment=commitment_form(m.commitment),
        fee_fen=m.fee_fen,
    )


def _material(x: MaterialOut) -> MaterialSpec:
    return MaterialSpec(
        code=x.code,
        name=text(x.name),
        required=x.required,
        deferrable=x.deferrable,
        deferral_days=x.deferral_days,
        doc_type=x.doc_type,
        e_licence=x.e_licence,
    )


def _field(f: FieldOut) -> FormField:
    return FormField(
        key=f.key,
        label=text(f.label),
        kind=FieldKind(f.kind),
        required=f.required,
        prefill=f.prefill,
        choices=tuple(text(c) for c in f.choices),
    )


# --------------------------------------------------------------------------- cases


def status(out: CaseOut) -> CaseStatus:
    return CaseStatus(
        case_code=out.case_code,
        matter_code=out.matter_code,
        status=CaseStatusKind(out.status),
        updated_at=wire_time(out.updated_at),
        compartment_id=out.compartment_id,
        by_post=out.delivery is not None and out.delivery.method == "post",
    )


def summary(out: CaseOut) -> CaseSummary:
    return CaseSummary(
        case_code=out.case_code,
        matter_code=out.matter_code,
        matter_name=text(out.matter_name),
        status=CaseStatusKind(out.status),
        compartment_id=out.compartment_id,
        created_at=wire_time(out.created_at),
        updated_at=wire_time(out.updated_at),
        tracking_number=out.delivery.tracking_number if out.delivery else "",
    )


def ticket(out: PickupTicketOut) -> PickupTicket:
    return PickupTicket(out.case_code, text(out.matter_name), out.compartment_id)


def instant_decision(out: DecisionOut) -> InstantDecision:
    """A decision whose seal the client has verified, as the done screen needs it."""
    return InstantDecision(out.decision == "approved", out.decided_at)


# --------------------------------------------------------------------------- persons


def appointment(out: AppointmentOut) -> Appointment:
    # the platform's rule when it says the booking may not be checked in now; a
    # refusal without words still refuses, in general words
    refused = None
    if out.check_in != "open":
        refused = text(out.check_in_rule) if out.check_in_rule else CHECK_IN_CLOSED
    return Appointment(
        token=out.token,
        matter_code=out.matter_code,
        matter_name=text(out.matter_name),
        scheduled_at=wire_time(out.scheduled_at),
        id_number_tail=out.id_number_tail,
        check_in_refused=refused,
    )


def licence(out: ELicenceOut) -> ELicence:
    return ELicence(
        material_code=out.material_code,
        name=text(out.name),
        licence_no=out.licence_no,
        holder_id_number=out.holder_id_number,
        issuer=text(out.issuer),
        issued_on=out.issued_on,
    )


def image(out: PhotoOut) -> Image:
    try:
        data = base64.b64decode(out.data, validate=True)
    except ValueError as exc:
        raise WireError(f"photo: {type(exc).__name__}") from None
    return Image(data=data, mime=out.mime, width=out.width, height=out.height)


# --------------------------------------------------------------------------- phone uploads


def upload_session(out: UploadSessionOut) -> UploadSession:
    return UploadSession(out.token, out.upload_url, wire_time(out.expires_at))


def uploaded_file(out: UploadFileOut) -> UploadedFile:
    try:
        data = base64.b64decode(out.data)
    except ValueError as exc:
        raise WireError(f"uploaded file: {type(exc).__name__}") from None
    return UploadedFile(out.name, out.mime, data)
