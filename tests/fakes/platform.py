"""A scripted :class:`flows.ports.Platform` with a three-matter catalogue."""

from __future__ import annotations

import threading

from device_contracts import CompartmentSize, Image, Text
from flows.domain import (
    Appointment,
    CaseDraft,
    CaseEvent,
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
    SubmitResult,
    SubmitState,
    UploadedFile,
    UploadSession,
)
from flows.ports import PlatformError, PlatformUnavailable

HUKOU = "BJ-HJ-001"  # has a deferrable material
SOCIAL = "BJ-SB-002"
RESIDENCE = "BJ-JZ-003"  # needs a large drop compartment

MARRIAGE_CERT = "marriage_cert"  # deferrable, 10 days

WRONG_CODE = Text("取件码错误", "Wrong pickup code")
DOWN = Text("平台无法连接", "Platform unreachable")
UNKNOWN_CASE = Text("未找到", "Not found")
NOTHING = Text("没有待领取的证照", "Nothing to collect")


def _name_fields() -> tuple[FormField, ...]:
    return (
        FormField("name", Text("姓名", "Name"), prefill="card.name"),
        FormField("id_number", Text("身份证号", "ID number"), prefill="card.id_number"),
        FormField(
            "gender",
            Text("性别", "Gender"),
            kind=FieldKind.CHOICE,
            prefill="card.gender",
            choices=(Text("男", "Male"), Text("女", "Female")),
        ),
        FormField("address", Text("住址", "Address"), prefill="card.address"),
        FormField("phone", Text("手机号", "Mobile"), kind=FieldKind.PHONE, prefill="person.phone"),
    )


def sample_catalog() -> Catalog:
    hukou = Matter(
        code=HUKOU,
        name=Text("夫妻投靠户口迁入", "Hukou transfer to join a spouse"),
        category="hukou",
        department=Text("北京市公安局", "Beijing Public Security Bureau"),
        processing_days=10,
        materials=(
            MaterialSpec(
                "hukou_book",
                Text("居民户口簿", "Household register"),
                doc_type="hukou",
                e_licence=True,
            ),
            MaterialSpec(
                "id_card_copy", Text("居民身份证复印件", "ID card copy"), doc_type="id_card"
            ),
            MaterialSpec(
                MARRIAGE_CERT,
                Text("结婚证", "Marriage certificate"),
                deferrable=True,
                deferral_days=10,
                e_licence=True,
            ),
            MaterialSpec("photo", Text("近期免冠照片", "Recent photo"), required=False),
        ),
        fields=(
            *_name_fields(),
            FormField("move_date", Text("拟迁入日期", "Moving date"), kind=FieldKind.DATE),
            FormField("remark", Text("备注", "Remark"), required=False),
        ),
        keywords=("户口", "迁入"),
        fee=Text("工本费 8 元", "Fee 8 yuan"),
        delivery=(Delivery.LOCKER, Delivery.POST, Delivery.IN_PERSON),
        guide_url=f"http://127.0.0.1:8000/guides/{HUKOU}",
    )
    social = Matter(
        code=SOCIAL,
        name=Text("社会保障卡补办", "Social security card replacement"),
        category="social",
        department=Text("北京市人力资源和社会保障局", "Beijing HR and Social Security Bureau"),
        processing_days=5,
        materials=(MaterialSpec("id_card_copy", Text("居民身份证复印件", "ID card copy")),),
        fields=_name_fields(),
        drop_size=CompartmentSize.S,
    )
    residence = Matter(
        code=RESIDENCE,
        name=Text("居住证签注", "Residence permit endorsement"),
        category="hukou",
        department=Text("北京市公安局", "Beijing Public Security Bureau"),
        processing_days=3,
        materials=(MaterialSpec("permit", Text("居住证", "Residence permit")),),
        fields=_name_fields(),
        drop_size=CompartmentSize.L,
    )
    return Catalog(
        version="v1",
        categories=(
            Category("hukou", Text("户籍办理", "Household registration")),
            Category("social", Text("社会保障", "Social security")),
        ),
        matters=(hukou, social, residence),
    )


class FakePlatform:
    """``online=False`` behaves like the durable client with the platform down:
    submissions are queued with a provisional code, events are accepted, and
    only pickup-code checks and the catalogue fail."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.online = True
        self.catalog_fails = False
        self.submit_crashes = False
        self.drafts: list[CaseDraft] = []
        self.events: list[CaseEvent] = []
        self.reference: Image | None = None
        self.tickets: dict[str, PickupTicket] = {}
        self._seq = 0
        # added for the clerk / lookup journeys
        self.cases: list[CaseSummary] = []
        self.statuses: dict[str, CaseStatus] = {}
        self.appointments: dict[str, Appointment] = {}
        self.person_tickets: dict[str, PickupTicket] = {}
        #: what the client raises for a person's pickup instead of a ticket (a seal refused)
        self.person_refusals: dict[str, PlatformError] = {}
        self.profiles: dict[str, dict[str, str]] = {}
        self.licences: dict[str, list[ELicence]] = {}
        self.licences_fail = False  # the lookup alone times out
        self.uploads: dict[str, list[UploadedFile]] = {}
        #: 秒批: the verified decision an accepted submission comes back with
        self.instant: InstantDecision | None = None

    def catalog(self) -> Catalog:
        if self.catalog_fails:
            raise PlatformUnavailable(DOWN, "catalog down")
        return sample_catalog()

    def submit_case(self, draft: CaseDraft) -> SubmitResult:
        if self.submit_crashes:
            raise OSError("disk full")
        with self._lock:
            self.drafts.append(draft)
            self._seq += 1
            if self.online:
                code = f"11011220261103{self._seq:06d}"
                key = draft.idempotency_key
                return SubmitResult(SubmitState.ACCEPTED, code, key, self.instant)
            code = f"{draft.terminal_id}-{self._seq:06d}"
            return SubmitResult(SubmitState.QUEUED, code, draft.idempotency_key)

    def report_event(self, event: CaseEvent) -> None:
        with self._lock:
            self.events.append(event)

    def verify_pickup_code(self, code: str) -> PickupTicket:
        if not self.online:
            raise PlatformUnavailable(DOWN, "verify down")
        ticket = self.tickets.get(code)
        if ticket is None:
            raise PlatformError(WRONG_CODE, "unknown code")
        return ticket

    def case_status(self, case_code: str) -> CaseStatus:
        if case_code in self.statuses:
            return self.statuses[case_code]
        return CaseStatus(case_code, HUKOU, CaseStatusKind.IN_REVIEW, "2026-11-03T21:00:00")

    def reference_photo(self, id_number: str) -> Image | None:
        if not self.online:
            raise PlatformUnavailable(DOWN, "photo down")
        return self.reference

    # ------------------------------------------------------------ added lookups

    def _up(self, what: str) -> None:
        if not self.online:
            raise PlatformUnavailable(DOWN, f"{what} down")

    def terminal_cases(self, status: CaseStatusKind | None = None) -> list[CaseSummary]:
        self._up("cases")
        return [c for c in self.cases if status is None or c.status is status]

    def case_summary(self, case_code: str) -> CaseSummary:
        self._up("case")
        for c in self.cases:
            if c.case_code == case_code:
                return c
        raise PlatformError(UNKNOWN_CASE, "unknown case")

    def person_cases(self, id_number: str) -> list[CaseSummary]:
        self._up("person cases")
        return list(self.cases)

    def appointment(self, token: str) -> Appointment:
        self._up("appointment")
        found = self.appointments.get(token)
        if found is None:
            raise PlatformError(UNKNOWN_CASE, "unknown appointment")
        return found

    def person_appointments(self, id_number: str) -> list[Appointment]:
        self._up("appointments")
        return [a for a in self.appointments.values() if id_number.endswith(a.id_number_tail)]

    def pickup_for_person(self, id_number: str) -> PickupTicket:
        self._up("pickup")
        if id_number in self.person_refusals:
            raise self.person_refusals[id_number]
        found = self.person_tickets.get(id_number)
        if found is None:
            raise PlatformError(NOTHING, "nothing to collect")
        return found

    def person_profile(self, id_number: str) -> dict[str, str]:
        self._up("profile")
        return dict(self.profiles.get(id_number, {}))

    def person_licences(self, id_number: str) -> list[ELicence]:
        self._up("licences")
        if self.licences_fail:
            raise PlatformUnavailable(DOWN, "licences timed out")
        return list(self.licences.get(id_number, []))

    def open_upload(self) -> UploadSession:
        self._up("upload")
        token = f"up{len(self.uploads) + 1}"
        self.uploads[token] = []
        return UploadSession(token, f"https://platform.test/u/{token}", "2026-11-23T22:00:00")

    def uploaded_files(self, token: str) -> list[UploadedFile]:
        self._up("upload")
        return list(self.uploads.get(token, []))

    def close_upload(self, token: str) -> None:
        self.uploads.pop(token, None)
