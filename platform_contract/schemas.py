"""Pydantic models of every request and response, so ``/openapi.json`` says what the
wire carries. The kiosk's client (``offline_cache``) speaks the same JSON."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from platform_contract.bilingual import Bilingual as Bilingual  # re-exported: one home, old imports
from platform_contract.case_payment import MAX_FEE_FEN, CasePayment
from platform_contract.commitment import CommitmentFormOut, SignedCommitmentIn
from platform_contract.delivery import CaseDeliveryIn, CaseDeliveryOut
from platform_contract.seal import DecisionOut, SealOut
from platform_contract.vocabulary import CaseEventKind, CaseStatusKind

#: limits on what a terminal may upload (bad input: huge or too many pages)
MAX_PAGES = 20
MAX_PAGE_BYTES = 10 * 1024 * 1024
MAX_FORM_FIELDS = 50
#: base64 of a page at its limit: longer text is refused before it is decoded
MAX_PAGE_BASE64 = 4 * -(-MAX_PAGE_BYTES // 3)

Code = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")]
ShortText = Annotated[str, StringConstraints(max_length=500)]
TerminalId = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{2,8}-[0-9]{4}$")]


class ErrorOut(BaseModel):
    error: str = Field(description="machine-readable error code")
    message: Bilingual


class HealthOut(BaseModel):
    status: Literal["ok"] = "ok"
    time: datetime


# --------------------------------------------------------------------------- catalogue


class CategoryOut(BaseModel):
    code: str
    name: Bilingual
    icon: str = ""


class MaterialOut(BaseModel):
    code: str
    name: Bilingual
    required: bool = True
    deferrable: bool = Field(False, description="容缺受理: may be handed in later")
    deferral_days: int = 0
    doc_type: str = ""
    e_licence: bool = Field(False, description="电子证照: may be taken from an e-licence")


class FieldOut(BaseModel):
    key: str
    label: Bilingual
    kind: Literal["text", "phone", "date", "choice"] = "text"
    required: bool = True
    prefill: str = Field("", description='e.g. "card.name", "card.id_number", "person.phone"')
    choices: list[Bilingual] = []


DeliveryOut = Literal["locker", "post", "in_person"]


def _default_delivery() -> list[DeliveryOut]:
    return ["locker", "post"]


class MatterOut(BaseModel):
    code: str
    name: Bilingual
    category: str
    department: Bilingual
    processing_days: int
    materials: list[MaterialOut]
    fields: list[FieldOut]
    drop_size: Literal["S", "M", "L"] = "M"
    keywords: list[str] = []
    fee: Bilingual = Field(
        default_factory=lambda: Bilingual(zh="不收费", en="Free of charge"),
        description="the guide's fee line (收费标准)",
    )
    delivery: list[DeliveryOut] = Field(
        default_factory=_default_delivery,
        description="how the result comes back (送达方式), in order of preference",
    )
    guide_url: str = Field(
        "", description="the guide (办事指南) as a web page; relative to the platform's URL"
    )
    instant_approval: bool = Field(
        False, description="秒批: approved by rule on submit, the case answer carries the decision"
    )
    commitment: CommitmentFormOut | None = Field(
        None, description="告知承诺制: the commitment a resident signs instead of some materials"
    )
    fee_fen: int = Field(
        0, ge=0, le=MAX_FEE_FEN, description="the fee paid at the kiosk before submit, in fen"
    )


class CatalogOut(BaseModel):
    version: str = Field(description="the catalogue's ETag")
    categories: list[CategoryOut]
    matters: list[MatterOut]


# --------------------------------------------------------------------------- cases


class ApplicantIn(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    name: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    id_number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{15}$|^[0-9]{17}[0-9X]$")]
    gender: Literal["male", "female"]
    birth_date: date
    address: Annotated[str, StringConstraints(max_length=200)]
    card_type: Literal["resident", "foreign", "hmt"] = "resident"


class PageIn(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    material_code: Code
    mime: Literal["image/png", "image/jpeg", "application/pdf"]
    data: str = Field(
        description=f"base64 of the file, at most {MAX_PAGE_BYTES} bytes decoded",
        # enforced by the platform before decoding, as 413 page_too_large (which names
        # the page and the limit for the resident) rather than a bare 422
        json_schema_extra={"maxLength": MAX_PAGE_BASE64},
    )
    width: int = Field(0, ge=0, le=20000)
    height: int = Field(0, ge=0, le=20000)
    source: Literal["camera", "usb", "phone"] = "camera"


class IdentityCheckIn(BaseModel):
    """How the terminal checked the resident's identity (a declaration, a pickup by ID card)."""

    method: Literal["face", "staff_in_person"] = Field(
        description="face: the face check with the resident's consent; staff_in_person: the "
        "assisted path, staff checked the ID card in person"
    )
    staff_id: Code | None = Field(
        None,
        description="staff_in_person only: the staff member who confirmed it on the terminal "
        "with their staff card + PIN",
    )

    @model_validator(mode="after")
    def _staff_id_with_staff(self) -> IdentityCheckIn:
        # an in-person check names who vouched for it; a face check names nobody
        if (self.method == "staff_in_person") != (self.staff_id is not None):
            raise ValueError("staff_id is required with staff_in_person and only then")
        return self


class ELicenceIn(BaseModel):
    """An electronic licence (电子证照) a case uses instead of the paper material."""

    material_code: Code
    licence_no: str = Field(min_length=1, max_length=64)


class CaseIn(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    terminal_id: TerminalId
    matter_code: Code
    provisional_code: Annotated[
        # <terminal id>-[<epoch>-]NNNNNN: the epoch (offline_cache.provisional) keeps codes
        # unique across data directories of one terminal; older terminals send none
        str,
        StringConstraints(pattern=r"^[A-Z0-9]{2,8}-[0-9]{4}-(?:[0-9A-Z]{4}-)?[0-9]{6}$"),
    ]
    applicant: ApplicantIn
    form: dict[Code, ShortText] = Field(default_factory=dict, max_length=MAX_FORM_FIELDS)
    pages: list[PageIn] = Field(default_factory=list, max_length=MAX_PAGES)
    deferred_materials: list[Code] = Field(default_factory=list, max_length=MAX_PAGES)
    created_at: datetime | None = Field(None, description="when the resident declared it")
    identity_check: IdentityCheckIn | None = Field(
        None, description="how the identity was checked (added; absent from older terminals)"
    )
    e_licences: list[ELicenceIn] | None = Field(
        None,
        max_length=MAX_PAGES,
        description="electronic licences used instead of paper materials (added; absent: none)",
    )
    commitment: SignedCommitmentIn | None = Field(
        None, description="告知承诺制: the hand-signed commitment, signed by the terminal's key"
    )
    delivery: CaseDeliveryIn | None = Field(
        None, description="物流服务: the locker or the post and its address (absent: the locker)"
    )
    payment: CasePayment | None = Field(
        None, description="the matter's fee paid at the kiosk (absent: a matter without a fee)"
    )


class DeferredItemOut(BaseModel):
    material_code: str
    name: Bilingual
    due_date: date


class DeferralNoticeOut(BaseModel):
    """补齐补正通知书: what may be handed in later, and by when."""

    title: Bilingual
    items: list[DeferredItemOut]
    text: Bilingual


class CaseOut(BaseModel):
    case_code: str = Field(description="CASE-YYYYMMDD-NNNNNN")
    provisional_code: str
    matter_code: str
    matter_name: Bilingual
    terminal_id: str
    status: CaseStatusKind
    compartment_id: str = ""
    page_count: int
    created_at: datetime
    updated_at: datetime
    deferral_notice: DeferralNoticeOut | None = None
    identity_check: IdentityCheckIn | None = None
    e_licences: list[ELicenceIn] = Field(default_factory=list)
    decision: DecisionOut | None = Field(None, description="the sealed decision, once decided")
    delivery: CaseDeliveryOut | None = Field(
        None, description="物流服务: by post, and its tracking number once posted (absent: locker)"
    )
    payment: CasePayment | None = Field(None, description="the fee's trade numbers, if any")


class CaseListOut(BaseModel):
    cases: list[CaseOut]


class EventIn(BaseModel):
    event_id: Code = Field(description="unique per event; a resend with the same id is a no-op")
    kind: CaseEventKind
    compartment_id: Annotated[str, StringConstraints(max_length=16)] = ""
    actor: Annotated[str, StringConstraints(max_length=64)] = "resident"
    at: datetime
    identity_check: IdentityCheckIn | None = Field(
        None, description="certificate_collected by ID card: how the identity was checked"
    )


class EventOut(BaseModel):
    event_id: str
    case_code: str
    kind: CaseEventKind
    status: CaseStatusKind = Field(description="the case's status after the event")
    duplicate: bool = Field(False, description="true when this event id had been received before")


class EventRecordOut(BaseModel):
    """An event as the back office sees it."""

    event_id: str
    kind: CaseEventKind
    compartment_id: str
    actor: str
    at: datetime
    identity_check: IdentityCheckIn | None = None
    status_after: CaseStatusKind


class EventListOut(BaseModel):
    events: list[EventRecordOut]


# --------------------------------------------------------------------------- pickup & persons


class PersonIn(BaseModel):
    """A lookup by the person (pickup by ID card): the ID number goes in the body."""

    id_number: str = Field(pattern=r"^[0-9A-Z]{15,18}$")


class ProfileOut(BaseModel):
    """``person.*`` pre-fill sources."""

    phone: str = ""


class ELicenceOut(BaseModel):
    material_code: str
    name: Bilingual
    licence_no: str
    holder_id_number: str
    issuer: Bilingual
    issued_on: str = Field(description="YYYY-MM-DD")


class ELicenceListOut(BaseModel):
    licences: list[ELicenceOut]


class PickupVerifyIn(BaseModel):
    model_config = ConfigDict(hide_input_in_errors=True)

    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]


class PickupTicketOut(BaseModel):
    case_code: str
    matter_name: Bilingual
    compartment_id: str
    seal: SealOut | None = Field(None, description="the platform's seal over this ticket")


class PhotoOut(BaseModel):
    mime: str
    width: int
    height: int
    data: str = Field(description="base64")


class AppointmentOut(BaseModel):
    token: str
    matter_code: str
    matter_name: Bilingual
    scheduled_at: datetime
    id_number_tail: str = Field(description="last 4 characters, to match the card read")
    check_in: Literal["open", "too_early", "too_late"] = Field(
        "open", description="whether the booking may be checked in now, by the platform's rule"
    )
    check_in_rule: Bilingual | None = Field(
        None, description="the rule in the resident's words, when check-in is not open"
    )


class AppointmentListOut(BaseModel):
    appointments: list[AppointmentOut]


# --------------------------------------------------------------------------- back office


class ApproveIn(BaseModel):
    load_compartment: Annotated[str, StringConstraints(max_length=16)] | None = Field(
        None, description="also record the certificate as loaded here (status certificate_ready)"
    )


class NotificationOut(BaseModel):
    id: int
    case_code: str
    channel: Literal["sms"] = "sms"
    phone_masked: str
    text: Bilingual
    created_at: datetime


class NotificationListOut(BaseModel):
    notifications: list[NotificationOut]


# --------------------------------------------------------------------------- help calls

#: the longest wait a clerk may announce, minutes
MAX_HELP_WAIT_MIN = 120
HelpStep = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[a-z0-9_]+$")]
#: a mainland mobile number (the callback request's only personal datum)
PhoneNumber = Annotated[str, StringConstraints(pattern=r"^1[3-9][0-9]{9}$")]


class HelpCallIn(BaseModel):
    """A resident pressed 呼叫工作人员 (``attend``), or, with no one on duty, asked to
    be called back (``callback``, with the phone number)."""

    call_id: Code = Field(description="made by the terminal; a resend with the same id is a no-op")
    kind: Literal["attend", "callback"] = "attend"
    step: HelpStep = Field(description="the journey's screen when help was asked, e.g. face_check")
    called_at: datetime = Field(description="when the resident pressed the button (kiosk clock)")
    phone: PhoneNumber | None = Field(None, description="callback only: the number to call")

    @model_validator(mode="after")
    def _phone_only_for_callback(self) -> HelpCallIn:
        if (self.kind == "callback") != (self.phone is not None):
            raise ValueError("a callback needs a phone number, an attend call has none")
        return self


class HelpCallOut(BaseModel):
    call_id: str
    terminal_id: str
    kind: Literal["attend", "callback"]
    step: str
    called_at: datetime
    received_at: datetime
    state: Literal["open", "acknowledged"]
    wait_minutes: int | None = Field(
        None, description="the clerk's expected wait, once acknowledged"
    )
    acknowledged_at: datetime | None = None
    phone_masked: str = Field("", description="callback only: 138****8001")


class HelpCallDeskOut(HelpCallOut):
    """What the back office sees: the callback's number in full (the clerk dials it)."""

    phone: str = ""


class HelpCallListOut(BaseModel):
    calls: list[HelpCallDeskOut]


class HelpAckIn(BaseModel):
    wait_minutes: int = Field(ge=0, le=MAX_HELP_WAIT_MIN, description="expected wait, minutes")
