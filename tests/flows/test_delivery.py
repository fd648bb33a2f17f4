"""The declaration's delivery step (物流服务): locker or post, the address pre-filled from
the ID card and checked, the case carrying it, the receipt saying so masked."""

from __future__ import annotations

import dataclasses

import pytest

from flows.declaration import DeclarationFlow, DeclarationState
from flows.declaration_delivery import ADDRESS_INVALID, BAD_MOBILE, address_from_card
from flows.domain import Catalog, Delivery
from flows.masking import mask_address
from flows.post_delivery import PostDelivery
from flows.validation import REQUIRED
from tests.fakes.platform import HUKOU, MARRIAGE_CERT, FakePlatform

from .conftest import Env, to_capturing
from .test_declaration import capture

S = DeclarationState

STREET = "运河东大街1号"


def to_delivery(env: Env) -> DeclarationFlow:
    flow = env.declaration()
    to_capturing(env, flow, HUKOU)
    capture(env, flow, "hukou_book", "id_card_copy", MARRIAGE_CERT)
    flow.next()
    assert flow.state is S.CHOOSING_DELIVERY
    return flow


def test_post_prefills_the_card_address_and_the_case_carries_it(env: Env) -> None:
    flow = to_delivery(env)
    flow.choose_delivery(Delivery.POST)
    assert flow.state is S.DELIVERY_ADDRESS
    form = flow.session.delivery.form
    # the card holder, the phone typed on the form, the card's address in its parts
    assert form == {
        "recipient": "张三",
        "phone": "13800138000",
        "province": "北京市",
        "city": "北京市",
        "district": "通州区",
        "street": STREET,
    }

    flow.set_address_field("street", "  ")
    flow.set_address_field("phone", "010-12345678")  # a landline: no courier's text
    flow.confirm_address()
    assert flow.state is S.DELIVERY_ADDRESS
    assert flow.session.message == ADDRESS_INVALID
    assert flow.session.delivery.errors == {"street": REQUIRED, "phone": BAD_MOBILE}

    flow.set_address_field("street", "玉带河东街2号院3号楼401")
    flow.set_address_field("phone", "13912345678")
    assert flow.session.delivery.errors == {}, "an edited field's error goes"
    flow.confirm_address()
    assert flow.state is S.REVIEWING and flow.session.message is None

    # back from the review is the address, then the choice, then the materials
    flow.back()
    assert flow.state is S.DELIVERY_ADDRESS
    flow.confirm_address()
    flow.submit()
    env.settle(lambda: flow.state is S.DEPOSITING)
    draft = env.platform.drafts[-1]
    assert draft.post == PostDelivery(
        "张三", "13912345678", "北京市", "北京市", "通州区", "玉带河东街2号院3号楼401"
    )
    assert "玉带河" not in repr(draft) and "玉带河" not in repr(flow.session)

    flow.skip_deposit()
    env.settle(lambda: flow.state is S.DONE)
    text = env.devices.printer.printed[-1].plain_text()
    assert "邮寄送达" in text and "北京市通州区玉带************" in text
    assert "3号楼" not in text and "13912345678" not in text and "139****5678" in text
    assert "自助取件柜" not in text, "no pickup code is promised for a posted certificate"


def test_locker_goes_straight_to_the_review_and_the_case_has_no_address(env: Env) -> None:
    flow = to_delivery(env)
    flow.choose_delivery(Delivery.POST)
    flow.back()
    assert flow.state is S.CHOOSING_DELIVERY
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING
    flow.back()
    assert flow.state is S.CHOOSING_DELIVERY, "by locker, back is the choice"
    flow.back()
    assert flow.state is S.CAPTURING
    flow.next()
    flow.choose_delivery("locker")
    flow.submit()
    env.settle(lambda: env.platform.drafts)
    assert env.platform.drafts[-1].post is None


class _LockerOnly(FakePlatform):
    def catalog(self) -> Catalog:
        c = super().catalog()
        matters = tuple(dataclasses.replace(m, delivery=(Delivery.LOCKER,)) for m in c.matters)
        return dataclasses.replace(c, matters=matters)


def test_a_matter_never_posted_has_no_choice() -> None:
    env = Env(platform=_LockerOnly())
    flow = env.declaration()
    to_capturing(env, flow, HUKOU)
    capture(env, flow, "hukou_book", "id_card_copy", MARRIAGE_CERT)
    flow.next()
    assert flow.state is S.REVIEWING
    flow.back()
    assert flow.state is S.CAPTURING


def test_a_new_matter_forgets_the_address(env: Env) -> None:
    flow = to_delivery(env)
    flow.choose_delivery(Delivery.POST)
    assert flow.session.delivery.form
    flow.reset()
    assert flow.session.delivery.method is None and not flow.session.delivery.form


@pytest.mark.parametrize(
    ("card_address", "parts"),
    [
        (
            "北京市东城区东华门街道银闸胡同12号",
            ("北京市", "北京市", "东城区", "东华门街道银闸胡同12号"),
        ),
        ("河北省石家庄市长安区建设北大街5号", ("河北省", "石家庄市", "长安区", "建设北大街5号")),
        (
            "新疆维吾尔自治区乌鲁木齐市天山区解放南路8号",
            ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "解放南路8号"),
        ),
        (
            "四川省阿坝藏族羌族自治州汶川县威州镇1号",
            ("四川省", "阿坝藏族羌族自治州", "汶川县", "威州镇1号"),
        ),
        ("运河东大街1号", ("", "", "", "运河东大街1号")),
    ],
)
def test_the_card_address_splits_into_its_parts(
    card_address: str, parts: tuple[str, str, str, str]
) -> None:
    values = address_from_card("李四", card_address, phone="not a mobile")
    assert (values["province"], values["city"], values["district"], values["street"]) == parts
    assert values["recipient"] == "李四" and values["phone"] == ""


def test_an_address_is_masked_after_the_district() -> None:
    post = PostDelivery("张三", "13800138000", "河北省", "石家庄市", "长安区", "建设北大街5号")
    assert mask_address(post) == "河北省石家庄市长安区建设*****"
    short = dataclasses.replace(post, street="1号")
    assert mask_address(short) == "河北省石家庄市长安区1号****"
