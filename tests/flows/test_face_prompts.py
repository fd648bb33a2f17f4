"""The face check's live prompts reach the flow (issue 18 item 4): the camera's prompts
(look, blink, turn, verifying) come from its thread through the flow's loop, the one
way device threads reach a flow, and become session state the screen renders. Run
on ManualLoop with the simulated face device filming a simulated person who does only
what the session's prompt asks."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from device_contracts import Completion, DeviceSet, FaceStep, PreviewFrame
from devices.camera.sim_person import SimulatedPerson
from devices.sim import SimFaceVerifier
from flows.declaration import DeclarationFlow, DeclarationState
from flows.journey_ports import JourneyPorts
from tests.fakes.devices import sample_card
from tests.fakes.platform import HUKOU

from .conftest import TERMINAL, Env, to_card

S = DeclarationState


@dataclass
class Sink:
    size: tuple[int, int] = (96, 72)
    mirror: bool = True
    frames: list[PreviewFrame] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def offer(self, frame: PreviewFrame) -> None:
        with self.lock:
            self.frames.append(frame)

    def count(self) -> int:
        with self.lock:
            return len(self.frames)


def flow_with_camera(env: Env, face: SimFaceVerifier) -> DeclarationFlow:
    devices = env.devices.device_set()
    with_face = DeviceSet(
        id_reader=devices.id_reader,
        document_camera=devices.document_camera,
        face=face,
        printer=devices.printer,
        lockers=devices.lockers,
        qr_scanner=devices.qr_scanner,
    )
    flow = DeclarationFlow(
        JourneyPorts(
            with_face, env.platform, env.ledger, env.loop, TERMINAL, staff_check=env.staff_check()
        )
    )
    flow.subscribe(lambda: flow.consent(True) if flow.state is S.FACE_CONSENT else None)
    return flow


def camera(*order: FaceStep, step_s: float = 6.0) -> tuple[SimFaceVerifier, SimulatedPerson]:
    face = SimFaceVerifier(delay=0.2, challenges=order, step_s=step_s)
    face.open()
    person = SimulatedPerson()
    face.use_person(person)
    return face, person


def test_the_prompts_arrive_in_order_and_the_person_obeys_the_session(env: Env) -> None:
    face, person = camera(FaceStep.BLINK, FaceStep.TURN_LEFT)
    flow = flow_with_camera(env, face)
    shown: list[FaceStep] = []

    def resident() -> None:  # reads what the flow says now, on the flow's thread
        prompt = flow.session.face_prompt
        if prompt is not None and (not shown or shown[-1] is not prompt.step):
            shown.append(prompt.step)
            person.act(prompt.step)

    flow.subscribe(resident)
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is S.FILLING_FORM, timeout=20)
    assert shown == [FaceStep.LOOK, FaceStep.BLINK, FaceStep.TURN_LEFT, FaceStep.VERIFYING]
    assert person.performed == [FaceStep.BLINK, FaceStep.TURN_LEFT]
    assert flow.session.face_prompt is None, "no prompt once the check decided"
    assert flow.session.identity_check == "face"


def test_a_feed_that_never_blinks_never_passes_and_the_flow_says_blink(env: Env) -> None:
    face, _person = camera(FaceStep.BLINK, FaceStep.TURN_RIGHT, step_s=0.6)
    flow = flow_with_camera(env, face)
    shown: list[FaceStep] = []
    flow.subscribe(
        lambda: (
            shown.append(flow.session.face_prompt.step)
            if flow.session.face_prompt is not None
            and (not shown or shown[-1] is not flow.session.face_prompt.step)
            else None
        )
    )
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.state is S.FACE_FAILED, timeout=20)
    assert shown == [FaceStep.LOOK, FaceStep.BLINK]
    assert flow.session.face is not None and not flow.session.face.live
    assert flow.session.face_prompt is None


def test_a_prompt_after_cancel_is_dropped_and_the_preview_detached(env: Env) -> None:
    face = SimFaceVerifier(delay=30.0)  # a check that takes its time
    face.open()
    sink = Sink()
    flow = flow_with_camera(env, face)
    flow.face_preview = sink
    env.devices.id_reader.reads.push(Completion.success(sample_card()))
    to_card(env, flow, HUKOU)
    env.settle(lambda: flow.session.face_prompt is not None and sink.count() > 0, timeout=20)
    assert flow.state is S.FACE_CHECK
    flow.cancel()
    env.loop.run_until(lambda: False, timeout=0.3)  # late prompts, if any, are drained
    assert flow.state is S.IDLE and flow.session.face_prompt is None
    before = sink.count()
    again = face.verify(None, timeout=0.5)
    assert again.result(5).code.value in {"success", "timeout"}
    assert sink.count() == before, "the camera no longer shows the flow's preview"
