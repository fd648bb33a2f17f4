"""The wire of 好差评: a resident's rating of the service after a journey, as a terminal
posts it, and the back office's report of the ratings.

The five levels and the reasons are the national 好差评 system's (政务服务评价). A
rating names its case when the journey had one (the platform takes the matter from
the case), else only the journey's kind (a progress lookup without a case).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

#: 非常满意 满意 基本满意 不满意 非常不满意, best first
Level = Literal["very_satisfied", "satisfied", "basically_satisfied", "dissatisfied",
                "very_dissatisfied"]  # fmt: skip
LEVELS: tuple[Level, ...] = (
    "very_satisfied",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "very_dissatisfied",
)
#: the levels that may carry reasons (差评)
LOW_LEVELS: frozenset[str] = frozenset({"dissatisfied", "very_dissatisfied"})
#: 等待时间长 操作复杂 设备故障 工作人员态度 其他
Reason = Literal["long_wait", "complicated", "device_fault", "staff_attitude", "other"]
REASONS: tuple[Reason, ...] = (
    "long_wait",
    "complicated",
    "device_fault",
    "staff_attitude",
    "other",
)
#: the journeys a resident may rate (staff journeys are not rated)
Journey = Literal["declaration", "collection", "lookup", "appointment"]

EvaluationId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_\-]{8,64}$")]
CaseRef = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
]


class EvaluationIn(BaseModel):
    """One rating. A resend with the same ``evaluation_id`` and body is answered with the
    rating as stored; another body under the same id is refused (409)."""

    evaluation_id: EvaluationId = Field(description="made by the terminal: the idempotency key")
    journey: Journey
    case_code: CaseRef | None = Field(None, description="case or provisional code, if any")
    level: Level
    reasons: list[Reason] = Field(default_factory=list, max_length=len(REASONS))
    rated_at: datetime = Field(description="when the resident tapped (kiosk clock, aware)")

    @model_validator(mode="after")
    def _reasons_only_when_low(self) -> EvaluationIn:
        if self.reasons and self.level not in LOW_LEVELS:
            raise ValueError("reasons go with 不满意 or 非常不满意 only")
        if len(set(self.reasons)) != len(self.reasons):
            raise ValueError("a reason is named twice")
        if self.rated_at.tzinfo is None:
            raise ValueError("rated_at needs its time zone")
        return self


class EvaluationOut(BaseModel):
    evaluation_id: str
    terminal_id: str
    journey: Journey
    case_code: str | None = Field(None, description="the platform's case code")
    matter_code: str | None = None
    level: Level
    reasons: list[Reason]
    rated_at: datetime
    received_at: datetime


class CountRow(BaseModel):
    """How many ratings of each level one group (a matter, a terminal, a day) holds."""

    key: str = Field(description="the matter code, terminal id or day; '' for no matter")
    total: int
    levels: dict[Level, int]


class EvaluationReportOut(BaseModel):
    """The back office's report: counts per level and reason, per matter, per terminal
    and per day (Beijing date of the rating's arrival)."""

    total: int
    levels: dict[Level, int]
    reasons: dict[Reason, int]
    by_matter: list[CountRow]
    by_terminal: list[CountRow]
    by_day: list[CountRow]
    since: date | None = None
