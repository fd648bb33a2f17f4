"""The lifecycle every journey flow shares (flows/machine_flow.py): start only from idle,
cancel, reset, finish, the inactivity timeout and a platform call, on a machine of
three states."""

from __future__ import annotations

import enum

from statemachine import State, StateMachine

from device_contracts import Completion, Text
from flows.loop import ManualLoop, VirtualClock
from flows.machine_flow import MachineFlow
from flows.platform_call import REFUSED
from flows.ports import PlatformError
from flows.settings import FlowSettings


class Step(enum.StrEnum):
    IDLE = "idle"
    ASKING = "asking"
    DONE = "done"


class TinyMachine(StateMachine):
    idle = State(initial=True, value=Step.IDLE)
    asking = State(value=Step.ASKING)
    done = State(value=Step.DONE)

    start = idle.to(asking)
    answered = asking.to(done)
    finish = done.to(idle)
    cancel = asking.to(idle) | done.to(idle)
    reset = cancel | idle.to(idle)


class TinyFlow(MachineFlow[Step]):
    """Asks the "platform" on entering ``asking``; times out after 30 s without a tap."""

    def __init__(self, loop: ManualLoop, answer: Exception | None = None) -> None:
        super().__init__("tiny", TinyMachine(), Step, loop, settings=FlowSettings())
        self.answer = answer
        self.answers: list[Completion[str]] = []
        self.wiped = 0
        self.expired = 0

    def start(self) -> bool:
        if not self._may_start():
            return False
        self._arm_timeout(30, self._on_expired)
        return self._fire("start")

    def touch(self) -> None:
        self._arm_timeout(30, self._on_expired)

    def finish(self) -> None:
        if self.state is Step.DONE:
            self._finish()

    def _entered(self, state: Step) -> None:
        if state is Step.ASKING:
            self._call_platform("platform.ask", self._ask, self._on_answer)

    def _ask(self) -> str:
        if self.answer is not None:
            raise self.answer
        return "yes"

    def _on_answer(self, c: Completion[str]) -> None:
        self.answers.append(c)
        self._fire("answered")

    def _on_expired(self) -> None:
        self.expired += 1
        self.reset()

    def _wipe(self) -> None:
        self.wiped += 1
        super()._wipe()


def test_start_only_from_idle_and_the_platform_answer_moves_on() -> None:
    loop = ManualLoop()
    flow = TinyFlow(loop)
    assert flow.start() and not flow.start()  # a second tap changes nothing
    assert loop.run_until(lambda: flow.state is Step.DONE, 3.0)
    assert flow.answers[0].ok and flow.answers[0].value == "yes"
    flow.finish()
    assert flow.state is Step.IDLE and flow.wiped == 1


def test_a_refusal_keeps_the_platform_s_words() -> None:
    loop = ManualLoop()
    flow = TinyFlow(loop, PlatformError(Text("不对", "wrong")))
    flow.start()
    assert loop.run_until(lambda: bool(flow.answers), 3.0)
    assert flow.answers[0].code is REFUSED


def test_cancel_makes_the_answer_stale_and_does_nothing_when_idle() -> None:
    loop = ManualLoop()
    flow = TinyFlow(loop)
    flow.cancel()
    assert flow.wiped == 0  # nothing under way
    flow.start()
    flow.cancel()
    loop.run_until(lambda: False, 0.2)
    assert flow.state is Step.IDLE and flow.answers == [] and flow.wiped == 1


def test_the_inactivity_timeout_resets_unless_touched_and_the_session_end_disarms_it() -> None:
    clock = VirtualClock()
    loop = ManualLoop(clock)
    flow = TinyFlow(loop, PlatformError(Text("不对", "wrong")))
    flow.start()
    loop.run_until(lambda: flow.state is Step.DONE, 3.0)
    loop.advance(20)
    flow.touch()
    loop.advance(20)
    assert flow.expired == 0 and flow.state is Step.DONE
    loop.advance(11)
    assert flow.expired == 1 and flow.state is Step.IDLE
    flow.start()
    flow.cancel()
    loop.advance(60)
    assert flow.expired == 1
