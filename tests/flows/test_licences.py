"""电子证照对比核验 "减材料": the card holder's electronic licences stand in for paper
materials in the declaration, are named in the case and on the receipt; a page captured
for the material wins; another person's licence or a platform that cannot say changes
nothing for the resident but that the paper is needed."""

from __future__ import annotations

from device_contracts import Text
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import ELicence
from tests.fakes.devices import sample_card
from tests.fakes.platform import MARRIAGE_CERT

from .conftest import Env
from .test_declaration import capture, through_face, to_state

S = DeclarationState
REGISTER_NO = "HK-110112-2015-004521"


def licence(code: str, holder: str, number: str = REGISTER_NO) -> ELicence:
    return ELicence(code, Text("居民户口簿", "Household register"), number, holder, Text("x", "x"))


def to_materials(env: Env) -> DeclarationFlow:
    """On the materials step of BJ-HJ-001, once the licence lookup has answered."""
    flow = through_face(env)
    if not env.platform.licences_fail:
        env.settle(lambda: "hukou_book" in flow.session.licences)
    flow.set_field("phone", "13800138000")
    flow.set_field("move_date", "2026-12-01")
    flow.next()
    assert flow.state is S.CAPTURING
    return flow


def test_the_holder_s_licence_stands_in_for_the_paper(env: Env) -> None:
    holder = sample_card().id_number
    env.platform.licences[holder] = [
        licence("hukou_book", holder),
        licence(MARRIAGE_CERT, "110101195211082465", "JZ-OTHER"),  # not the card holder's
    ]
    flow = to_materials(env)
    s = flow.session
    assert set(s.licences) == {"hukou_book"}, "only the card holder's licences count"
    capture(env, flow, "id_card_copy", MARRIAGE_CERT)
    flow.next()
    flow.choose_delivery("locker")
    assert flow.state is S.REVIEWING, "the register is covered by its licence"
    check = flow.material_check()
    assert [m.code for m in check.licensed] == ["hukou_book"]
    flow.submit()
    to_state(env, flow, S.DONE)
    draft = env.platform.drafts[0]
    assert draft.e_licences == (("hukou_book", REGISTER_NO),)
    assert [p.material_code for p in draft.pages] == ["id_card_copy", MARRIAGE_CERT]
    text = env.devices.printer.printed[0].plain_text()
    assert "电子证照已核验" in text and "居民户口簿" in text
    assert REGISTER_NO not in text, "the receipt names the material, not the licence number"


def test_a_captured_page_wins_over_the_licence(env: Env) -> None:
    holder = sample_card().id_number
    env.platform.licences[holder] = [licence("hukou_book", holder)]
    flow = to_materials(env)
    capture(env, flow, "hukou_book", "id_card_copy", MARRIAGE_CERT)
    flow.next()
    flow.choose_delivery("locker")
    flow.submit()
    to_state(env, flow, S.DONE)
    assert env.platform.drafts[0].e_licences == ()


def test_without_an_answer_the_paper_is_needed(env: Env) -> None:
    holder = sample_card().id_number
    env.platform.licences[holder] = [licence("hukou_book", holder)]
    env.platform.licences_fail = True
    flow = to_materials(env)
    assert flow.session.licences == {}
    capture(env, flow, "id_card_copy", MARRIAGE_CERT)
    flow.next()
    assert flow.state is S.CAPTURING
    message = flow.session.message
    assert message is not None and "居民户口簿" in message.zh
