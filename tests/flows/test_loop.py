"""ManualLoop: the FlowLoop of tests and headless runs."""

from __future__ import annotations

import threading

from flows.loop import ManualLoop, MonotonicClock


def test_posts_from_other_threads_run_in_order_on_the_draining_thread() -> None:
    loop = ManualLoop()
    ran: list[tuple[int, str]] = []
    threads = [
        threading.Thread(
            target=loop.post,
            args=(lambda i=i: ran.append((i, threading.current_thread().name)),),
        )
        for i in range(5)
    ]
    for t in threads:
        t.start()
    assert loop.run_until(lambda: len(ran) == 5, timeout=2)
    assert {name for _, name in ran} == {threading.current_thread().name}


def test_callbacks_posted_while_draining_also_run() -> None:
    loop = ManualLoop()
    ran: list[str] = []
    loop.post(lambda: loop.post(lambda: ran.append("second")))
    assert loop.run_pending() == 2 and ran == ["second"]


def test_virtual_timers_fire_only_when_time_advances() -> None:
    loop = ManualLoop()
    ran: list[str] = []
    loop.call_later(10, lambda: ran.append("late"))
    loop.call_later(1, lambda: ran.append("early"))
    cancelled = loop.call_later(2, lambda: ran.append("cancelled"))
    cancelled.cancel()
    loop.run_pending()
    assert ran == []
    loop.advance(5)
    assert ran == ["early"]
    loop.advance(5)
    assert ran == ["early", "late"]


def test_run_until_gives_up_after_timeout() -> None:
    assert not ManualLoop().run_until(lambda: False, timeout=0.05)


def test_real_clock_timer_fires_within_run_until() -> None:
    loop = ManualLoop(MonotonicClock())
    ran: list[str] = []
    loop.call_later(0.02, lambda: ran.append("x"))
    assert loop.run_until(lambda: bool(ran), timeout=2)
