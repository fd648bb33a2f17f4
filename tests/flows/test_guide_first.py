"""The matter and its guide (办事指南, 一次性告知) come before the ID card: a resident
may read what to bring and leave without identifying (issue 19 item 7)."""

from __future__ import annotations

import dataclasses

from device_contracts import Completion
from flows.declaration import DeclarationSession, DeclarationState
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU, SOCIAL

from .conftest import Env

S = DeclarationState


def test_matter_then_guide_then_leave_reads_no_card_and_keeps_nothing(env: Env) -> None:
    flow = env.declaration()
    seen: list[DeclarationState] = []
    flow.subscribe(lambda: seen.append(flow.state))
    flow.start()
    assert flow.state is S.CHOOSING_MATTER
    assert flow.session.message is None  # loading, not "the catalogue failed"
    env.settle(lambda: flow.session.catalog is not None)
    flow.choose_matter(HUKOU)
    assert flow.state is S.GUIDE
    assert flow.session.matter is not None and flow.session.matter.code == HUKOU

    flow.cancel()  # 看完了，返回首页
    assert flow.state is S.IDLE
    assert env.devices.id_reader.reads.calls == 0  # no card was asked for
    assert env.devices.face.references == []
    fresh = DeclarationSession()
    for f in dataclasses.fields(fresh):
        assert getattr(flow.session, f.name) == getattr(fresh, f.name), f.name
    assert S.READING_CARD not in seen and S.FACE_CONSENT not in seen


def test_matter_then_guide_then_continue_reads_the_card_and_fills_the_form(env: Env) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    flow.start()
    env.settle(lambda: flow.session.catalog is not None)
    flow.choose_matter(HUKOU)
    assert flow.state is S.GUIDE
    flow.proceed()
    assert flow.state is S.READING_CARD
    env.settle(lambda: flow.state is S.FILLING_FORM)
    # the matter chosen before the card learnt what the card says
    form = flow.session.form
    assert form["name"] == "张三" and form["id_number"] == "110112199003070011"
    assert env.devices.id_reader.reads.calls == 1


def test_back_from_the_form_changes_the_matter_without_a_second_identification(
    env: Env,
) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    flow.start()
    env.settle(lambda: flow.session.catalog is not None)
    flow.choose_matter(HUKOU)
    flow.proceed()
    env.settle(lambda: flow.state is S.FILLING_FORM)
    flow.back()
    assert flow.state is S.GUIDE
    flow.back()
    assert flow.state is S.CHOOSING_MATTER
    flow.choose_matter(SOCIAL)
    assert flow.state is S.GUIDE
    flow.proceed()
    assert flow.state is S.FILLING_FORM  # identified already: no card, no face again
    assert flow.session.form["name"] == "张三"
    assert env.devices.id_reader.reads.calls == 1


def test_an_appointment_takes_its_matter_and_asks_for_the_card(env: Env) -> None:
    flow = env.declaration()
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    seen: list[DeclarationState] = []
    flow.subscribe(lambda: seen.append(flow.state))
    flow.start(matter_code=SOCIAL)
    env.settle(lambda: flow.state is S.FILLING_FORM)
    assert flow.session.matter is not None and flow.session.matter.code == SOCIAL
    assert S.GUIDE not in seen  # shown when it was booked
    assert flow.session.form["name"] == "张三"
