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


def test_the_heap_is_frozen_once_the_models_are_in(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[tuple[bool, bool]] = []

    def warm_up(ocr: bool, face: bool) -> float:
        assert gc.get_freeze_count() == 0  # not before: the models' objects would be left out
        loaded.append((ocr, face))
        return 0.0

    monkeypatch.setattr(vision_wiring, "warm_up", warm_up)
    thread = start_warm_up({"document_camera": {"driver": "opencv"}, "face": {"driver": "dlib"}})
    assert thread is not None
    thread.join(10)
    assert loaded == [(True, True)]
    assert gc.get_freeze_count() > 0
