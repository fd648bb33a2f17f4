"""The journeys' own vocabulary: matters, cases, pickups. Plain data, no I/O.

The platform client (``offline_cache``) converts its wire format to and from
these types; the UI shows them; the flows move them along.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from device_contracts import CompartmentSize, Image, Text
from flows.commitment import CommitmentForm, SignedCommitment
from flows.post_delivery import PostDelivery


@dataclass(frozen=True)
class Category:
    code: str
    name: Text
    icon: str = ""  # name of an icon in assets/icons


@dataclass(frozen=True, repr=False)
class ELicence:
    """An electronic licence (电子证照) the platform holds for a person. When its holder
    is the card's holder it stands in for the paper material (减材料): the resident
    hands in nothing for it and the case names the licence instead."""

    material_code: str
    name: Text
    licence_no: str
    holder_id_number: str
    issuer: Text
    issued_on: str = ""  # ISO date, as the platform gives it

    def __repr__(self) -> str:  # no licence or ID number in logs
        return f"ELicence({self.material_code})"


@dataclass(frozen=True)
class MaterialSpec:
    """A material a matter asks for (申请材料)."""

    code: str
    name: Text
    required: bool = True
    #: 容缺受理: may be handed in later; the receipt says by when.
    deferrable: bool = False
    deferral_days: int = 0
    #: doc type an OCR classifier would recognise ("id_card", "hukou", ...)
    doc_type: str = ""
    #: 电子证照: the platform may hold it as an electronic licence; before the card is
    #: read the guide can only say "may be taken from your e-licence" (whether this
    #: resident has one is known after identification: GET /persons/{id}/licences)
    e_licence: bool = False


class Delivery(enum.StrEnum):
    """How the result (the certificate, the licence) comes back to the resident."""

    LOCKER = "locker"  # a pickup compartment of a 24-hour kiosk, with a pickup code
    POST = "post"  # 邮寄 (EMS), to the address on the form
    IN_PERSON = "in_person"  # at the department's window


#: what the guide says about fees when the platform says nothing
FREE = Text("不收费", "Free of charge")


class FieldKind(enum.StrEnum):
    TEXT = "text"
    PHONE = "phone"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True)
class FormField:
    key: str
    label: Text
    kind: FieldKind = FieldKind.TEXT
    required: bool = True
    #: where the value comes from when it is known: "card.name", "card.id_number",
    #: "card.address", "card.gender", "card.birth_date", "person.phone", ...
    prefill: str = ""
    choices: tuple[Text, ...] = ()


@dataclass(frozen=True)
class Matter:
    """A service a resident can declare (政务服务事项)."""

    code: str
    name: Text
    category: str
    department: Text
    processing_days: int
    materials: tuple[MaterialSpec, ...]
    fields: tuple[FormField, ...]
    #: size of the drop compartment the paper originals need
    drop_size: CompartmentSize = CompartmentSize.M
    keywords: tuple[str, ...] = ()
    #: the guide's (办事指南) fee line, e.g. 工本费 20 元
    fee: Text = FREE
    #: how the result comes back, in the platform's order of preference
    delivery: tuple[Delivery, ...] = (Delivery.LOCKER, Delivery.POST)
    #: the guide as a web page, for a phone (the QR on the kiosk's guide screen); "":
    #: the platform publishes none
    guide_url: str = ""
    #: 告知承诺制: the commitment the resident signs instead of the materials it names
    commitment: CommitmentForm | None = None
    #: the fee paid at the kiosk before submit, in fen (分); 0: none to pay here
    fee_fen: int = 0

    def matches(self, query: str) -> bool:
        q = query.strip().lower()
        if not q:
            return True
        hay = [self.name.zh, self.name.en.lower(), self.code.lower(), *self.keywords]
        return any(q in h for h in hay)


@dataclass(frozen=True)
class Catalog:
    version: str  # the platform's ETag
    categories: tuple[Category, ...]
    matters: tuple[Matter, ...]

    def matter(self, code: str) -> Matter:
        for m in self.matters:
            if m.code == code:
                return m
        raise KeyError(code)

    def in_category(self, category: str) -> list[Matter]:
        return [m for m in self.matters if m.category == category]

    def search(self, query: str) -> list[Matter]:
        return [m for m in self.matters if m.matches(query)]


@dataclass(frozen=True, repr=False)
class Applicant:
    """The person declaring, from the ID card. Personal data."""

    name: str
    id_number: str
    gender: str
    birth_date: str  # ISO date
    address: str
    card_type: str = "resident"

    def __repr__(self) -> str:
        return f"Applicant(id=***{self.id_number[-2:]})"


@dataclass(frozen=True, repr=False)
class MaterialPage:
    material_code: str
    image: Image
    source: str = "camera"  # camera / usb / phone

    def __repr__(self) -> str:
        return f"MaterialPage({self.material_code}, {self.image!r})"


class IdentityMethod(enum.StrEnum):
    """How the kiosk knew the resident is the card's holder."""

    FACE = "face"  # the face check (with the resident's consent)
    STAFF_IN_PERSON = "staff_in_person"  # the assisted path: staff checked the card in person


@dataclass(frozen=True)
class IdentityCheck:
    """How a declaration's or a pickup's identity was checked, told to the platform.

    ``staff_id`` is the member of staff who checked the ID card in person and confirmed
    it on the kiosk with their staff card + PIN (assisted path only). It names staff,
    never the resident.
    """

    method: IdentityMethod
    staff_id: str = ""


@dataclass(frozen=True)
class CasePayment:
    """A matter's fee paid at the kiosk, as the case carries it: the trade numbers (the
    kiosk's out_trade_no, the gateway's trade_no) and the amount, nothing of the payer."""

    out_trade_no: str
    trade_no: str
    amount_fen: int


@dataclass(frozen=True, repr=False)
class CaseDraft:
    """Everything a resident handed over for one declaration.

    ``idempotency_key`` is made once when the draft is created and travels with
    every resend, so the platform never makes two cases of one declaration.
    """

    idempotency_key: str
    terminal_id: str
    matter_code: str
    applicant: Applicant
    form: dict[str, str]
    pages: tuple[MaterialPage, ...]
    deferred_materials: tuple[str, ...] = ()  # material codes handed in later (容缺)
    created_at: datetime = field(default_factory=datetime.now)
    #: face check or staff in person (and who); None: not said (older drafts)
    identity_check: IdentityCheck | None = None
    #: material code -> licence number of the electronic licences used instead of paper
    e_licences: tuple[tuple[str, str], ...] = ()
    #: the commitment signed by hand instead of the materials it replaces (告知承诺制)
    commitment: SignedCommitment | None = None
    #: the certificate by post to this address (物流服务); None: the pickup locker
    post: PostDelivery | None = None
    #: the matter's fee, paid before submit (issue 23); None: the matter has none
    payment: CasePayment | None = None

    def __repr__(self) -> str:
        return f"CaseDraft({self.idempotency_key}, {self.matter_code}, pages={len(self.pages)})"


class SubmitState(enum.StrEnum):
    ACCEPTED = "accepted"  # the platform answered with a case code
    QUEUED = "queued"  # stored in the outbox; forwarded when the platform answers


@dataclass(frozen=True)
class InstantDecision:
    """The platform's decision that came back with the submission (秒批), its seal
    already verified by the client: only whether it approved, and when."""

    approved: bool
    decided_at: datetime


@dataclass(frozen=True)
class SubmitResult:
    state: SubmitState
    #: the platform's case code when accepted, else the provisional code
    #: (terminal id + sequence) the platform will map to the real one
    code: str
    idempotency_key: str
    #: decided by rule on submit; None when queued (it comes through the progress lookup)
    decision: InstantDecision | None = None

    @property
    def provisional(self) -> bool:
        return self.state is SubmitState.QUEUED


class CaseEventKind(enum.StrEnum):
    MATERIALS_DEPOSITED = "materials_deposited"
    MATERIALS_RETRIEVED = "materials_retrieved"
    CERTIFICATE_LOADED = "certificate_loaded"
    CERTIFICATE_COLLECTED = "certificate_collected"
    #: the clerk opened the drop compartment and found no materials (added)
    MATERIALS_MISSING = "materials_missing"


@dataclass(frozen=True)
class CaseEvent:
    """Something that happened to a case at this terminal, told to the platform."""

    kind: CaseEventKind
    #: the case code, or the idempotency key while the case is still queued
    case_ref: str
    compartment_id: str = ""
    actor: str = "resident"  # resident / staff id
    at: datetime = field(default_factory=datetime.now)
    event_id: str = ""  # unique; makes the event idempotent on resend
    #: a pickup by ID card: face check or staff in person (and who); None: by pickup code
    identity_check: IdentityCheck | None = None


@dataclass(frozen=True)
class PickupTicket:
    """What the platform says about a valid pickup code."""

    case_code: str
    matter_name: Text
    compartment_id: str


class CaseStatusKind(enum.StrEnum):
    SUBMITTED = "submitted"
    MATERIALS_DEPOSITED = "materials_deposited"
    MATERIALS_RECEIVED = "materials_received"
    IN_REVIEW = "in_review"
    APPROVED = "approved"
    CERTIFICATE_READY = "certificate_ready"
    COLLECTED = "collected"
    REJECTED = "rejected"
    #: a certificate sent by post: the back office dispatched it, with a tracking number
    POSTED = "posted"


@dataclass(frozen=True)
class CaseStatus:
    case_code: str
    matter_code: str
    status: CaseStatusKind
    updated_at: str
    compartment_id: str = ""
    #: the resident chose delivery by post: the certificate never goes in a locker
    by_post: bool = False


# --------------------------------------------------------------------------- added for the
# clerk, technician, appointment and progress journeys


@dataclass(frozen=True)
class CaseSummary:
    """One case as a list shows it (clerk retrieval, progress query). No personal data."""

    case_code: str
    matter_code: str
    matter_name: Text
    status: CaseStatusKind
    compartment_id: str = ""
    created_at: str = ""  # ISO
    updated_at: str = ""  # ISO
    #: the courier's tracking number of a certificate sent by post ("" until posted)
    tracking_number: str = ""


@dataclass(frozen=True)
class Appointment:
    """The booking behind an appointment QR code (专用二维码)."""

    token: str
    matter_code: str
    matter_name: Text
    scheduled_at: str  # ISO
    id_number_tail: str = ""
    #: the platform's rule, in the resident's words, when the booking may not be
    #: checked in now (another day's); None: check-in is open
    check_in_refused: Text | None = None


class StaffRole(enum.StrEnum):
    CLERK = "clerk"
    TECHNICIAN = "technician"


@dataclass(frozen=True)
class StaffMember:
    """Who is logged in: a staff id (工号) and role. The id goes into the audit log."""

    staff_id: str
    role: StaffRole
    display_name: str = ""


class PinVerdict(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"  # too many wrong PINs: locked out for a while
    UNKNOWN_CARD = "unknown_card"


@dataclass(frozen=True)
class PinCheck:
    verdict: PinVerdict
    member: StaffMember | None = None
    attempts_left: int = 0
    locked_for_s: int = 0


@dataclass(frozen=True)
class AuditEntry:
    """One line of the door/staff audit trail: who did what to which compartment and case."""

    action: str  # door_opened, door_failed, door_closed, door_left_open, materials_taken, ...
    actor: str  # staff id, or "resident"
    compartment_id: str = ""
    case_ref: str = ""
    detail: str = ""  # log-safe
    at: datetime = field(default_factory=datetime.now)


@dataclass(frozen=True)
class HealthCheck:
    """One line of the technician's status page and of ``kiosk doctor``."""

    name: str  # "printer", "lockers", "platform", "outbox", "disk", ...
    ok: bool
    summary: str  # log-safe, short: "online", "paper out", "3 pending"
    next_step: Text | None = None  # what to do when not ok
    warning: bool = False  # ok but worth a look (paper low, backlog)


@dataclass(frozen=True)
class UploadSession:
    """A one-time phone upload link (网盘 / phone intake) shown as a QR code."""

    token: str
    url: str
    expires_at: str  # ISO


@dataclass(frozen=True, repr=False)
class UploadedFile:
    """A file the resident's phone sent. Personal data: never logged."""

    name: str
    mime: str
    data: bytes

    def __repr__(self) -> str:
        return f"UploadedFile({self.mime}, {len(self.data)} bytes)"
