"""The simulated ID card reader."""

from __future__ import annotations

import json
import threading
import time
from datetime import date

import pytest

from device_contracts import CardInserted, CardRemoved, CardType, CompletionCode, IdCardReader
from devices.sim import SimIdCardReader
from devices.sim.identities import DEFAULT_IDENTITIES_PATH
from tests.devices.conftest import DONE_S, Recorder


def test_identities_come_from_the_sample_file(reader: SimIdCardReader) -> None:
    people = json.loads(DEFAULT_IDENTITIES_PATH.read_text(encoding="utf-8"))["people"]
    assert isinstance(reader, IdCardReader)
    assert [c.id_number for c in reader.identities] == [p["id_number"] for p in people]
    card = reader.identities[1]
    assert card.card_type is CardType.RESIDENT
    assert card.valid_to is None  # 长期
    assert card.photo is None and card.photo_wlt == b""
    assert card.birth_date == date(1952, 11, 8)
    assert card.name not in repr(card)  # personal data stays out of reprs


def test_reads_a_card_already_on_the_reader(reader: SimIdCardReader) -> None:
    reader.place_card(2)
    completion = reader.read_card(timeout=1).result(DONE_S)
    assert completion.ok
    assert completion.value is reader.identities[2]
    assert reader.card_present  # a placed card stays until removed


def test_waits_for_a_card_placed_during_the_read(
    reader: SimIdCardReader, recorder: Recorder
) -> None:
    reader.subscribe(recorder)
    op = reader.read_card(timeout=2)
    time.sleep(0.1)
    assert not op.done()
    reader.place_card(0)
    assert op.result(DONE_S).value is reader.identities[0]
    assert recorder.of(CardInserted)
    reader.remove_card()
    recorder.wait_for(CardRemoved)


def test_demo_auto_place_reads_after_the_delay_and_takes_the_card_back(
    reader: SimIdCardReader, recorder: Recorder
) -> None:
    reader.auto_place_after = 0.2
    reader.auto_card = 3
    reader.subscribe(recorder)
    started = time.monotonic()
    completion = reader.read_card(timeout=2).result(DONE_S)
    assert completion.value is reader.identities[3]
    assert time.monotonic() - started >= 0.2
    assert recorder.of(CardInserted)
    assert recorder.of(CardRemoved)
    assert not reader.card_present  # the next session waits again


def test_timeout_when_no_card_comes(reader: SimIdCardReader) -> None:
    started = time.monotonic()
    completion = reader.read_card(timeout=0.2).result(DONE_S)
    assert completion.code is CompletionCode.TIMEOUT
    assert 0.18 <= time.monotonic() - started < 1.0
    assert "身份证" in completion.text.zh and "ID card" in completion.text.en


def test_cancel_while_waiting(reader: SimIdCardReader) -> None:
    op = reader.read_card(timeout=5)
    threading.Timer(0.05, op.cancel).start()
    assert op.result(DONE_S).code is CompletionCode.CANCELLED


def test_card_lifted_during_the_read_is_invalid_data() -> None:
    reader = SimIdCardReader(read_delay=0.3)
    reader.open()
    reader.place_card(0)
    op = reader.read_card(timeout=2)
    time.sleep(0.05)
    reader.remove_card()
    completion = op.result(DONE_S)
    assert completion.code is CompletionCode.INVALID_DATA
    assert completion.message is not None and "身份证" in completion.message.zh


def test_injected_fault(reader: SimIdCardReader) -> None:
    reader.place_card(0)
    reader.fail_next(CompletionCode.HARDWARE_ERROR)
    completion = reader.read_card(timeout=1).result(DONE_S)
    assert completion.code is CompletionCode.HARDWARE_ERROR
    assert "阅读器" in completion.text.zh
    assert reader.read_card(timeout=1).result(DONE_S).ok


def test_no_events_from_a_closed_reader(recorder: Recorder) -> None:
    reader = SimIdCardReader()
    reader.subscribe(recorder)
    reader.place_card(0)
    assert not recorder.of(CardInserted)


def test_unknown_identity_index(reader: SimIdCardReader) -> None:
    with pytest.raises(IndexError, match="no sample identity 99"):
        reader.place_card(99)
