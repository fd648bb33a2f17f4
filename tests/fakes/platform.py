"""A scripted :class:`flows.ports.Platform` with a three-matter catalogue."""

from __future__ import annotations

import threading

from devices.base import CompartmentSize, Image, Text
from flows.domain import (
    CaseDraft,
    CaseEvent,
    CaseStatus,
    CaseStatusKind,
    Catalog,
    Category,
    FieldKind,
    FormField,
    MaterialSpec,
    Matter,
    PickupTicket,
    SubmitResult,
    SubmitState,
)
from flows.ports import PlatformError, PlatformUnavailable

HUKOU = "BJ-HJ-001"  # has a deferrable material
SOCIAL = "BJ-SB-002"
RESIDENCE = "BJ-JZ-003"  # needs a large drop compartment

MARRIAGE_CERT = "marriage_cert"  # deferrable, 10 days

WRONG_CODE = Text("取件码错误", "Wrong pickup code")
DOWN = Text("平台无法连接", "Platform unreachable")


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
            MaterialSpec("hukou_book", Text("居民户口簿", "Household register")),
            MaterialSpec("id_card_copy", Text("居民身份证复印件", "ID card copy")),
            MaterialSpec(
                MARRIAGE_CERT,
                Text("结婚证", "Marriage certificate"),
                deferrable=True,
                deferral_days=10,
            ),
            MaterialSpec("photo", Text("近期免冠照片", "Recent photo"), required=False),
        ),
        fields=(
            *_name_fields(),
            FormField("move_date", Text("拟迁入日期", "Moving date"), kind=FieldKind.DATE),
            FormField("remark", Text("备注", "Remark"), required=False),
        ),
        keywords=("户口", "迁入"),
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
                return SubmitResult(SubmitState.ACCEPTED, code, draft.idempotency_key)
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
        return CaseStatus(case_code, HUKOU, CaseStatusKind.IN_REVIEW, "2026-11-03T21:00:00")

    def reference_photo(self, id_number: str) -> Image | None:
        if not self.online:
            raise PlatformUnavailable(DOWN, "photo down")
        return self.reference
