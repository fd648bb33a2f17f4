"""The shared operation threads: timers fire in order unless cancelled, and work
that blocks never starves later work (the pool grows)."""

from __future__ import annotations

import threading

from device_contracts.op_runner import call_later, run_in_background


def test_timers_fire_in_due_order_and_cancelled_ones_never() -> None:
    fired: list[str] = []
    all_done = threading.Event()

    def note(label: str) -> None:
        fired.append(label)
        if len(fired) == 2:
            all_done.set()

    call_later(0.15, lambda: note("late"))
    cancelled = call_later(0.05, lambda: note("cancelled"))
    call_later(0.02, lambda: note("early"))
    cancelled.cancel()
    assert all_done.wait(5)
    assert fired[:2] == ["early", "late"]
    threading.Event().wait(0.1)
    assert "cancelled" not in fired


def test_blocked_work_does_not_hold_up_new_work() -> None:
    release = threading.Event()
    started = threading.Semaphore(0)
    for _ in range(8):
        run_in_background(lambda: (started.release(), release.wait(5)))
    for _ in range(8):
        assert started.acquire(timeout=5)
    ran = threading.Event()
    run_in_background(ran.set)
    assert ran.wait(5), "new work waited for blocked work"
    release.set()


def test_a_crashing_callable_leaves_the_pool_working() -> None:
    def boom() -> None:
        raise RuntimeError("boom")

    run_in_background(boom)
    ran = threading.Event()
    run_in_background(ran.set)
    assert ran.wait(5)
