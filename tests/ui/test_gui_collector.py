"""Cyclic garbage is finalised on the GUI thread, whichever thread allocated past the
collector's threshold (kiosk/gui_collector.py)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.gui_collector import GuiThreadCollector


class _Cycle:
    """A reference cycle that records the thread its finaliser ran on."""

    def __init__(self, seen: list[str]) -> None:
        self.me = self
        self.seen = seen

    def __del__(self) -> None:
        self.seen.append(threading.current_thread().name)


def _drop_cycle_then_allocate_on_a_worker(seen: list[str]) -> list[list[int]]:
    """Returns what the worker made and kept (a journey's objects, say): the
    collector's counts stay past their thresholds while it lives."""
    kept: list[list[int]] = []

    def work() -> None:
        _Cycle(seen)  # garbage at once: only a collection can free it
        # containers past every threshold: the interpreter would collect right here
        kept.extend([] for _ in range(50_000))

    worker = threading.Thread(target=work, name="device-worker")
    worker.start()
    worker.join()
    return kept


@pytest.fixture
def automatic_gc() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_without_it_a_worker_thread_finalises_the_garbage(automatic_gc: None) -> None:
    """The failure the collector exists for: the interpreter collects on whatever
    thread crossed the threshold."""
    gc.collect()
    seen: list[str] = []
    kept = _drop_cycle_then_allocate_on_a_worker(seen)
    assert seen == ["device-worker"]
    del kept


def test_with_it_the_gui_thread_finalises_the_garbage(qtbot: QtBot, automatic_gc: None) -> None:
    gc.collect()
    collector = GuiThreadCollector(interval_ms=20)
    try:
        assert not gc.isenabled()
        seen: list[str] = []
        kept = _drop_cycle_then_allocate_on_a_worker(seen)
        assert seen == []  # the worker did not collect
        qtbot.waitUntil(lambda: bool(seen), timeout=5000)
        assert seen == [threading.main_thread().name]
        del kept
    finally:
        collector.stop()
    assert gc.isenabled()


def test_it_collects_only_the_generation_that_is_due(qtbot: QtBot, automatic_gc: None) -> None:
    collector = GuiThreadCollector(interval_ms=60_000)
    try:
        gc.collect()
        assert collector.collect_due() == -1  # nothing allocated since
        keep: list[list[int]] = [[] for _ in range(5_000)]
        assert collector.collect_due() == 0
        del keep
    finally:
        collector.stop()
