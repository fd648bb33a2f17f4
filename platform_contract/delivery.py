"""The case's delivery on the wire (物流服务): the certificate in the pickup locker, or by
post to an address with a mobile for the courier; and, once the back office posted it,
its tracking number. A case sent without it (an older kiosk) goes to the locker."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

Part = Annotated[str, StringConstraints(max_length=32, strip_whitespace=True)]
#: a mainland mobile: the courier texts or calls it (a landline cannot take the text)
Mobile = Annotated[str, StringConstraints(pattern=r"^(1[3-9][0-9]{9})?$")]
TrackingNumber = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{8,32}$")]

#: the parts a posted certificate's address needs, every one filled
POST_FIELDS = ("recipient", "phone", "province", "city", "district", "street")


class CaseDeliveryIn(BaseModel):
    """How the resident wants the certificate. Personal data when by post."""

    method: Literal["locker", "post"] = "locker"
    recipient: Annotated[str, StringConstraints(max_length=64, strip_whitespace=True)] = ""
    phone: Mobile = ""
    province: Part = ""
    city: Part = ""
    district: Part = ""
    street: Annotated[str, StringConstraints(max_length=120, strip_whitespace=True)] = ""

    @model_validator(mode="after")
    def _post_is_complete(self) -> CaseDeliveryIn:
        if self.method == "post":
            missing = [name for name in POST_FIELDS if not getattr(self, name)]
            if missing:
                raise ValueError(f"delivery by post needs {', '.join(missing)}")
        elif any(getattr(self, name) for name in POST_FIELDS):
            raise ValueError("a locker delivery carries no address")
        return self


class CaseDeliveryOut(BaseModel):
    """The delivery as a terminal sees it: the method and, once posted, the tracking
    number (no address: the kiosks' lists and lookups never need it)."""

    method: Literal["locker", "post"]
    carrier: str = ""
    tracking_number: str = ""
    posted_at: datetime | None = None


class DispatchIn(BaseModel):
    """The back office posted a certificate (邮寄寄出)."""

    carrier: Annotated[str, StringConstraints(min_length=1, max_length=16)] = "EMS"
    tracking_number: TrackingNumber


class PostedCaseOut(BaseModel):
    """A case to post, as the back office's list shows it: the whole address."""

    case_code: str
    matter_code: str
    status: str
    recipient: str
    phone: str
    address: str
    tracking_number: str = ""


class PostedCaseListOut(BaseModel):
    cases: list[PostedCaseOut] = Field(default_factory=list)
