"""What a declaration knows about the resident at the kiosk now (personal data, wiped on
cancel, reset and finish), and the form as it is submitted."""

from __future__ import annotations

from dataclasses import dataclass, field

from device_contracts import Compartment, PagePrompt, Receipt, Text
from flows.assisted import AssistedSession
from flows.commitment import CommitmentProgress
from flows.declaration_delivery import DeliveryChoice
from flows.domain import Applicant, CaseDraft, Catalog, ELicence, MaterialPage, Matter, SubmitResult
from flows.materials import MaterialCheck, check_materials
from flows.ocr import PageRead, ReadValue
from flows.payment_session import PaymentSession


@dataclass(repr=False)
class DeclarationSession(AssistedSession):
    """Everything about the resident at the kiosk now. Personal data: wiped on cancel/reset.
    The card, the face check and the assisted path's fields come from AssistedSession."""

    applicant: Applicant | None = None
    #: an appointment's matter is taken by itself once the catalogue is here: the
    #: screen says "a moment" meanwhile, never the list of matters
    booked: bool = False
    catalog: Catalog | None = None
    matter: Matter | None = None
    form: dict[str, str] = field(default_factory=dict)
    field_errors: dict[str, Text] = field(default_factory=dict)
    pages: list[MaterialPage] = field(default_factory=list)
    deferred: set[str] = field(default_factory=set)
    #: material code -> the applicant's electronic licence for it (电子证照, checked to
    #: be the card holder's); used instead of paper unless a page is captured for it
    licences: dict[str, ELicence] = field(default_factory=dict)
    #: a page is being taken by hand (the 拍摄 button): the materials' buttons wait
    capturing: bool = False
    #: the document camera's live picture is on (its prompt below, the material the
    #: next page lying still goes to); False: pages are taken by hand only
    live: bool = False
    page_prompt: PagePrompt | None = None
    page_target: str | None = None
    #: what OCR read from each captured page, and the form values it gave
    readings: list[PageRead] = field(default_factory=list)
    read_values: dict[str, ReadValue] = field(default_factory=dict)
    #: pages still being read
    reading: int = 0
    #: made at the first submit; its idempotency key is kept for every resend
    draft: CaseDraft | None = None
    result: SubmitResult | None = None
    #: the drop compartment holding the originals (None: handed to staff)
    compartment: Compartment | None = None
    receipt: Receipt | None = None
    receipt_failed: bool = False
    #: 告知承诺制: the commitment read and signed (a matter that offers one)
    commitment: CommitmentProgress = field(default_factory=CommitmentProgress)
    #: the certificate in the locker or by post, and the address (物流服务)
    delivery: DeliveryChoice = field(default_factory=DeliveryChoice)
    #: the matter's fee, when it has one (flows/declaration_fee.py)
    payment: PaymentSession = field(default_factory=PaymentSession)

    def material_check(self) -> MaterialCheck:
        """Where the chosen matter's materials stand: pages, licences, deferrals."""
        assert self.matter is not None
        committed = self.commitment.replaced(self.matter.commitment)
        return check_materials(self.matter, self.pages, self.deferred, self.licences, committed)

    def __repr__(self) -> str:
        matter = self.matter.code if self.matter else None
        return f"DeclarationSession(matter={matter}, pages={len(self.pages)})"


def case_form(s: DeclarationSession) -> dict[str, str]:
    """The form as submitted; an assisted declaration tells the back office the identity
    was checked by staff in person, not by the face check."""
    form = dict(s.form)
    if s.identity_check == "staff":
        form["identity_check"] = "staff_in_person"
    return form
