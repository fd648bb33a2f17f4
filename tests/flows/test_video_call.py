"""The video call with a clerk (issue 21.1) as the flow runs it, over an in-memory port
(the transport is video_link's, tested against the running simulator): consent, the
ring, the call, its end; no answer and offline lead to the callback offer; the clerk's
note and approval reach the resident's declaration."""

from __future__ import annotations

from flows.declaration import DeclarationFlow, DeclarationState
from flows.loop import ManualLoop
from flows.video_call import CallEnd, VideoCallFlow
from flows.video_call_machine import CallState
from flows.video_call_ports import CallEventKind, MaterialState
from tests.fakes.platform import HUKOU, MARRIAGE_CERT
from tests.fakes.video_call import FakeVideoCall

from .conftest import Env, to_capturing

S = CallState
E = CallEventKind


def call_flow(loop: ManualLoop) -> tuple[VideoCallFlow, FakeVideoCall]:
    port = FakeVideoCall()
    return VideoCallFlow(port, loop, ring_timeout_s=30), port


def in_call(loop: ManualLoop, step: str = "home") -> tuple[VideoCallFlow, FakeVideoCall]:
    flow, port = call_flow(loop)
    flow.offer(step)
    flow.agree()
    port.say(E.RINGING)
    port.say(E.ANSWERED)
    loop.run_pending()
    assert flow.state is S.IN_CALL
    return flow, port


def test_nothing_is_shared_before_consent_and_declining_makes_no_call() -> None:
    loop = ManualLoop()
    flow, port = call_flow(loop)
    flow.offer("form")
    assert flow.state is S.CONSENT
    assert port.briefs == []
    flow.decline()
    assert flow.state is S.IDLE
    assert port.briefs == [] and port.hung_up == []


def test_consent_rings_and_the_clerk_answers_then_hangs_up() -> None:
    loop = ManualLoop()
    flow, port = call_flow(loop)
    flow.offer("home")
    flow.agree()
    assert flow.state is S.CALLING
    assert port.briefs[0].step == "home" and port.briefs[0].matter_code == ""
    port.say(E.RINGING)
    loop.run_pending()
    assert flow.state is S.RINGING
    port.say(E.ANSWERED)
    loop.run_pending()
    assert flow.state is S.IN_CALL
    loop.advance(120)  # answered: the ring's timeout no longer applies
    assert flow.state is S.IN_CALL
    port.say(E.NOTE, note="  请把户口本首页放在拍摄区  ")
    loop.run_pending()
    assert flow.session.notes == ["请把户口本首页放在拍摄区"]
    port.say(E.ENDED)
    loop.run_pending()
    assert flow.state is S.ENDED and flow.session.end is CallEnd.BY_CLERK
    assert port.hung_up == []  # the clerk ended it; nothing to hang up
    flow.close()
    assert flow.state is S.IDLE and flow.session.notes == []


def test_the_resident_hangs_up_in_the_call_and_while_it_rings() -> None:
    loop = ManualLoop()
    flow, port = in_call(loop)
    first = port.call_id
    flow.hang_up()
    assert flow.state is S.ENDED and flow.session.end is CallEnd.BY_RESIDENT
    assert port.hung_up == [first]
    flow.close()

    flow.offer("home")
    flow.agree()
    port.say(E.RINGING)
    loop.run_pending()
    flow.hang_up()
    assert flow.state is S.IDLE
    assert port.hung_up == [first, port.call_id]


def test_no_clerk_answering_in_time_offers_the_callback() -> None:
    loop = ManualLoop()
    flow, port = call_flow(loop)
    flow.offer("home")
    flow.agree()
    port.say(E.RINGING)
    loop.run_pending()
    loop.advance(31)
    assert flow.state is S.UNAVAILABLE and flow.session.end is CallEnd.NO_ANSWER
    assert port.hung_up == [port.call_id]  # the ring is withdrawn
    port.say(E.ANSWERED)  # too late: a call no one follows
    loop.run_pending()
    assert flow.state is S.UNAVAILABLE


def test_the_platform_away_or_no_clerk_online_is_said_as_such() -> None:
    loop = ManualLoop()
    flow, port = call_flow(loop)
    flow.offer("home")
    flow.agree()
    port.say(E.FAILED, detail="signalling refused")
    loop.run_pending()
    assert flow.state is S.UNAVAILABLE and flow.session.end is CallEnd.OFFLINE
    flow.close()
    flow.offer("home")
    flow.agree()
    port.say(E.NO_ANSWER)
    loop.run_pending()
    assert flow.state is S.UNAVAILABLE and flow.session.end is CallEnd.NO_ANSWER


def test_a_broken_link_in_the_call_ends_it_and_an_old_calls_events_are_dropped() -> None:
    loop = ManualLoop()
    flow, port = in_call(loop)
    port.say(E.NOTE, note="old", call_id="call-0")
    loop.run_pending()
    assert flow.session.notes == []
    port.say(E.FAILED, detail="ice failed")
    loop.run_pending()
    assert flow.state is S.ENDED and flow.session.end is CallEnd.LINK_LOST


def test_going_home_mid_call_hangs_up_and_forgets_the_notes() -> None:
    loop = ManualLoop()
    flow, port = in_call(loop)
    port.say(E.NOTE, note="稍等")
    loop.run_pending()
    flow.reset()
    assert flow.state is S.IDLE and port.hung_up == [port.call_id]
    assert flow.session.notes == [] and flow.session.call_id == ""


def test_the_clerk_sees_the_draft_and_approves_a_missing_material(env: Env) -> None:
    declaration = env.declaration()
    to_capturing(env, declaration, HUKOU)
    for code in ("hukou_book", "id_card_copy"):
        declaration.capture(code)
        env.settle(lambda code=code: code in {p.material_code for p in declaration.session.pages})
    flow, port = call_flow(env.loop)
    flow.offer("capturing", declaration)
    flow.agree()
    brief = port.briefs[0]
    assert brief.matter_code == HUKOU and brief.step == "capturing"
    states = {m.code: (m.state, m.deferrable) for m in brief.materials}
    assert states["hukou_book"] == (MaterialState.IN_HAND, False)
    assert states[MARRIAGE_CERT] == (MaterialState.MISSING, True)
    assert "13800138000" not in repr(brief)  # nothing personal

    port.say(E.ANSWERED)
    port.say(E.MATERIAL_APPROVED, material_code="hukou_book")  # not deferrable: refused
    port.say(E.MATERIAL_APPROVED, material_code=MARRIAGE_CERT)
    port.say(E.NOTE, note="结婚证请在十日内补交")
    env.loop.run_pending()
    assert [n.zh for n in flow.session.approved] == ["结婚证"]
    assert declaration.session.deferred == {MARRIAGE_CERT}
    message = declaration.session.message
    assert message is not None and "结婚证请在十日内补交" in message.zh
    flow.hang_up()
    flow.close()

    check = declaration.material_check()
    assert check.complete and [m.code for m in check.deferred] == [MARRIAGE_CERT]
    declaration.next()  # the draft will carry it as a deferred material
    assert declaration.state is not DeclarationState.CAPTURING


def test_an_approval_without_a_declaration_under_way_changes_nothing(env: Env) -> None:
    declaration: DeclarationFlow = env.declaration()
    to_capturing(env, declaration, HUKOU)
    declaration.reset()
    assert declaration.clerk_approved(MARRIAGE_CERT) is None
    assert declaration.session.deferred == set()
