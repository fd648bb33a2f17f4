"""Start-up ends with the heap frozen out of garbage collection (issue 5): full
collections walking the start-up objects held the interpreter lock long enough to
stall the GUI thread. (How long a stall is, is measured by ``kiosk bench gui``.)"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from kiosk import vision_wiring
from kiosk.vision_wiring import start_warm_up


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()  # the test process's own objects go back to the collector afterwards
    yield
    gc.unfreeze()


def test_a_site_without_models_freezes_the_heap_at_once(unfrozen: None) -> None:
    sections = {"document_camera": {"driver": "sim"}, "face": {"driver": "sim"}}
    assert start_warm_up(sections) is None
    assert gc.get_freeze_count() > 0


def test_the_heap_is_frozen_before_and_after_the_catalogue_and_the_models(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, int] = {}
    kept: list[object] = []

    def prefetch() -> None:
        # the start-up heap is frozen before the catalogue's parse can set off a collection
        seen["prefetch"] = gc.get_freeze_count()

    def warm_up(ocr: bool, face: bool) -> float:
        seen["models"] = gc.get_freeze_count()
        kept.extend([{"model": i}] for i in range(1000))  # what loading the models leaves
        return 0.0

    monkeypatch.setattr(vision_wiring, "warm_up", warm_up)
    thread = start_warm_up(
        {"document_camera": {"driver": "opencv"}, "face": {"driver": "dlib"}}, prefetch
    )
    assert thread is not None
    thread.join(10)
    assert seen["prefetch"] > 0 and seen["models"] > 0
    assert gc.get_freeze_count() > seen["models"] + 500, "the models' objects are frozen too"


def test_a_site_without_models_still_prefetches_the_catalogue(unfrozen: None) -> None:
    fetched: list[bool] = []
    thread = start_warm_up({"face": {"driver": "sim"}}, lambda: fetched.append(True))
    assert thread is not None
    thread.join(10)
    assert fetched == [True] and gc.get_freeze_count() > 0
