"""The declaration's delivery step (物流服务): the certificate in the pickup locker or by
post, chosen after the materials and before the review. By post, the address comes
from the ID card (the card's address split into province, city, district and street),
editable, with a mobile number for the courier. :class:`DeliveryStep` is one part of
:class:`~flows.declaration.DeclarationFlow`.

The address is personal data: it travels in the case (sealed in the outbox with the
rest), is shown masked on the receipt, and is never logged.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from device_contracts import Text
from flows.assisted import AssistedFlow
from flows.declaration_machine import DeclarationState
from flows.domain import Delivery, FieldKind, FormField, Matter
from flows.help import PHONE
from flows.post_delivery import ADDRESS_PARTS, PostDelivery
from flows.validation import validate_form

if TYPE_CHECKING:  # the session holds a DeliveryChoice: imported for the annotation only
    from flows.declaration_session import DeclarationSession

log = logging.getLogger(__name__)

S = DeclarationState

BAD_MOBILE = Text(
    "请输入11位手机号，便于快递员联系", "Please enter an 11-digit mobile for the courier"
)
ADDRESS_INVALID = Text("请补全收件信息", "Please complete the delivery details")

#: the address form, in the order it is filled (the recipient and the courier's number
#: first: they are what the resident checks, the address was read from the card)
ADDRESS_FIELDS = (
    FormField("recipient", Text("收件人", "Recipient")),
    FormField("phone", Text("手机号码", "Mobile number"), FieldKind.PHONE),
    FormField("province", Text("省（自治区、直辖市）", "Province")),
    FormField("city", Text("市", "City")),
    FormField("district", Text("区（县）", "District")),
    FormField("street", Text("街道及门牌号", "Street and number")),
)

# 北京市东城区东华门街道… ; 河北省石家庄市长安区… ; 新疆维吾尔自治区乌鲁木齐市天山区…
_CARD_ADDRESS = re.compile(
    r"^(?P<province>北京市|上海市|天津市|重庆市|.+?(?:省|自治区|特别行政区))"
    r"(?P<city>.+?(?:自治州|地区|盟|市))?"
    r"(?P<district>.+?(?:区|县|旗|市))?"
    r"(?P<street>.*)$"
)


@dataclass(repr=False)
class DeliveryChoice:
    """The resident's choice, while the declaration is under way. Personal data."""

    #: None: not chosen yet
    method: Delivery | None = None
    #: the address form's values by :data:`ADDRESS_FIELDS` key, and what is wrong with them
    form: dict[str, str] = field(default_factory=dict)
    errors: dict[str, Text] = field(default_factory=dict)

    def post(self) -> PostDelivery | None:
        """What the case carries: the address when by post, else None (the locker)."""
        if self.method is not Delivery.POST:
            return None
        return PostDelivery(**{f.key: self.form.get(f.key, "").strip() for f in ADDRESS_FIELDS})


def post_offered(matter: Matter | None) -> bool:
    """Whether the matter's certificate may be posted (its guide says 邮寄)."""
    return matter is not None and Delivery.POST in matter.delivery


def address_from_card(name: str, address: str, phone: str = "") -> dict[str, str]:
    """The address form pre-filled: the card holder as recipient, the card's address
    split into its parts (a municipality is its own city); what does not split goes
    whole into the street, for the resident to correct."""
    values = {"recipient": name, "phone": phone if PHONE.match(phone) else ""}
    found = _CARD_ADDRESS.match(address.strip())
    parts = found.groupdict(default="") if found else {"street": address.strip()}
    for part in ADDRESS_PARTS:
        values[part] = parts.get(part, "")
    if values["province"] and not values["city"] and values["province"].endswith("市"):
        values["city"] = values["province"]
    return values


def address_errors(form: dict[str, str]) -> dict[str, Text]:
    """Field key -> what is wrong: every part filled, the phone a mainland mobile."""
    errors = validate_form(ADDRESS_FIELDS, form)
    phone = form.get("phone", "").replace(" ", "")
    if phone and not PHONE.match(phone):
        errors["phone"] = BAD_MOBILE
    return errors


class DeliveryStep(AssistedFlow[DeclarationState]):
    """``choosing_delivery`` and ``delivery_address``: their public methods are the two
    screens'. The flow's session holds a :class:`DeliveryChoice` as ``delivery``."""

    session: DeclarationSession

    def choose_delivery(self, method: Delivery | str) -> None:
        """A tile: 到柜自取 goes to the review, 邮寄到家 to the address form (pre-filled
        from the card the first time)."""
        s = self.session
        if self.state is not S.CHOOSING_DELIVERY or s.matter is None:
            return
        chosen = Delivery(method)
        if chosen not in s.matter.delivery or chosen is Delivery.IN_PERSON:
            return
        s.delivery.method = chosen
        s.message = None
        log.info("delivery chosen", extra={"flow": "declaration", "delivery": chosen.value})
        if chosen is Delivery.LOCKER:
            self._fire("locker_chosen")
            return
        if not s.delivery.form and s.applicant is not None:
            phone = s.form.get("phone", "")
            s.delivery.form = address_from_card(s.applicant.name, s.applicant.address, phone)
        self._fire("post_chosen")

    def set_address_field(self, key: str, value: str) -> None:
        s = self.session
        if self.state is not S.DELIVERY_ADDRESS or key not in {f.key for f in ADDRESS_FIELDS}:
            return
        s.delivery.form[key] = value
        s.delivery.errors.pop(key, None)
        self._changed()

    def confirm_address(self) -> None:
        """On to the review when the address is complete; else each gap said at its field."""
        s = self.session
        if self.state is not S.DELIVERY_ADDRESS:
            return
        s.delivery.errors = address_errors(s.delivery.form)
        s.message = ADDRESS_INVALID if s.delivery.errors else None
        self._fire("address_confirmed")  # refused by its guard while errors remain
