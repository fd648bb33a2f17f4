"""The Operation contract every device command relies on."""

from __future__ import annotations

import threading

from device_contracts import (
    Completion,
    CompletionCode,
    DeviceError,
    Operation,
    Progress,
    Text,
)


def test_spawn_completes_once_with_the_work_result() -> None:
    op = Operation[int].spawn("add", lambda _op: Completion.success(41 + 1))
    completion = op.result(timeout=2)
    assert completion.ok and completion.value == 42
    # a late second completion is refused, the first stands
    assert not op.complete(Completion.failure(CompletionCode.HARDWARE_ERROR))
    assert op.result().value == 42


def test_timeout_completes_and_asks_the_work_to_stop() -> None:
    stopped = threading.Event()

    def slow(op: Operation[None]) -> Completion[None]:
        if op.wait_cancelled(5):
            stopped.set()
        return Completion.success(None)

    op = Operation[None].spawn("slow", slow, timeout=0.05)
    assert op.result(timeout=2).code is CompletionCode.TIMEOUT
    assert stopped.wait(2), "the work was not told to stop"


def test_cancel_turns_a_failure_into_cancelled() -> None:
    def waits(op: Operation[None]) -> Completion[None]:
        op.wait_cancelled(5)
        return Completion.failure(CompletionCode.HARDWARE_ERROR, detail="interrupted")

    op = Operation[None].spawn("waits", waits)
    op.cancel()
    assert op.result(timeout=2).code is CompletionCode.CANCELLED


def test_exceptions_become_completions_never_lost() -> None:
    def boom(_op: Operation[int]) -> Completion[int]:
        raise RuntimeError("wire fell out")

    def refused(_op: Operation[int]) -> Completion[int]:
        raise DeviceError(CompletionCode.DEVICE_NOT_READY, Text("未就绪", "Not ready"))

    assert Operation[int].spawn("boom", boom).result(2).code is CompletionCode.HARDWARE_ERROR
    done = Operation[int].spawn("refused", refused).result(2)
    assert done.code is CompletionCode.DEVICE_NOT_READY
    assert done.text.en == "Not ready"


def test_done_callback_runs_even_when_added_after_completion() -> None:
    op = Operation[str].completed("x", Completion.success("v"))
    seen: list[str | None] = []
    op.add_done_callback(lambda c: seen.append(c.value))
    assert seen == ["v"]


def test_events_reach_listeners_and_a_failing_listener_is_isolated() -> None:
    op = Operation[None]("evt")
    got: list[object] = []

    def bad(_e: object) -> None:
        raise ValueError("listener bug")

    op.add_event_listener(bad)
    op.add_event_listener(got.append)
    event = Progress("cam", Text("请正视摄像头", "Look at the camera"))
    op.emit(event)
    assert got == [event]


def test_blocking_wraps_a_plain_call() -> None:
    assert Operation[int].blocking("sum", lambda: sum([1, 2, 3])).result(2).value == 6


def test_unwrap_raises_with_the_code() -> None:
    failed: Completion[int] = Completion.failure(CompletionCode.NO_MEDIA)
    try:
        failed.unwrap()
    except DeviceError as exc:
        assert exc.code is CompletionCode.NO_MEDIA
        assert exc.message.zh
    else:
        raise AssertionError("unwrap of a failure must raise")


def test_a_late_listener_gets_the_latest_event_at_once() -> None:
    """A command runs on its own thread: its first prompt can be sent before the caller
    listens. The late listener still sees the prompt in force, once, then what follows."""
    op = Operation[None]("evt")
    look = Progress("face", Text("请正视摄像头", "Look at the camera"))
    blink = Progress("face", Text("请眨眨眼", "Please blink"))
    op.emit(look)
    got: list[object] = []
    op.add_event_listener(got.append)
    assert got == [look]
    op.emit(blink)
    assert got == [look, blink]
