"""The declaration's delivery step on its two screens (物流服务): which tiles the matter
offers, the address form, and the line the review shows (the post's address masked,
as on every public screen)."""

from __future__ import annotations

from flows.domain import Delivery
from flows.masking import mask_address, mask_phone
from flows.receipts import mask_name
from kiosk.flow_api import DeclarationFlowPort, DeclarationSessionView
from kiosk.ui.screens.delivery import DeliveryAddressScreen, DeliveryChoiceScreen
from kiosk.ui.widgets.tr import K, Source

STATES = frozenset({"choosing_delivery", "delivery_address"})


def render_delivery(
    state: str,
    s: DeclarationSessionView,
    choice: DeliveryChoiceScreen,
    address: DeliveryAddressScreen,
) -> None:
    if state == "choosing_delivery":
        choice.show_choice(s.matter.delivery if s.matter else ())
    elif state == "delivery_address":
        address.show_address(s.delivery.form, s.delivery.errors)


def review_line(s: DeclarationSessionView) -> Source:
    """How the certificate comes back, for the review; None when the matter offers no
    choice (the locker, as before the step existed)."""
    if s.matter is None or Delivery.POST not in s.matter.delivery:
        return None
    post = s.delivery.post()
    if post is None:
        return K("review.delivery.locker")
    who = f"{mask_name(post.recipient)} {mask_phone(post.phone)}"
    return K("review.delivery.post", address=f"{who} {mask_address(post)}")


def done_line(s: DeclarationSessionView) -> Source:
    """Where the certificate will be posted, for the done page; None: the locker."""
    post = s.delivery.post()
    return None if post is None else K("done.by_post", address=mask_address(post))


def connect_delivery(
    flow: DeclarationFlowPort, choice: DeliveryChoiceScreen, address: DeliveryAddressScreen
) -> None:
    choice.chosen.connect(flow.choose_delivery)
    address.field_edited.connect(flow.set_address_field)
    address.next_clicked.connect(flow.confirm_address)
