"""The GA 467 adapter against the simulated SAM on the other end of a pty, speaking bytes."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from device_contracts import (
    CardInserted,
    CardRemoved,
    CardType,
    CompletionCode,
    DeviceState,
    IdCardReader,
    StatusChanged,
)
from devices.idcard.adapter import Ga467Reader, Ga467Settings
from devices.idcard.sam_peer import Fault, SamPeer
from devices.idcard.wlt import WltDecoder
from tests.devices.conftest import Recorder

DONE_S = 10.0


def wait_state(recorder: Recorder, state: DeviceState, timeout: float = DONE_S) -> None:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(isinstance(e, StatusChanged) and e.status.state is state for e in recorder.events):
            return
        time.sleep(0.02)
    raise AssertionError(f"never {state}")


def test_is_an_id_card_reader(reader: Ga467Reader) -> None:
    assert isinstance(reader, IdCardReader)


@pytest.mark.parametrize(
    ("key", "card_type"),
    [("resident-0", CardType.RESIDENT), ("foreign", CardType.FOREIGN), ("hmt", CardType.HMT)],
)
def test_reads_each_card_type(
    peer: SamPeer, reader: Ga467Reader, key: str, card_type: CardType
) -> None:
    peer.place_card(key)
    completion = reader.read_card(3).result(DONE_S)
    assert completion.ok, completion
    card = completion.unwrap()
    assert card.card_type is card_type
    assert len(card.photo_wlt) == 1024 and card.photo is None
    assert peer.commands_seen[-3:] == ["2001", "2002", "3001"]


def test_no_card_times_out_with_plain_words(reader: Ga467Reader) -> None:
    completion = reader.read_card(0.3).result(DONE_S)
    assert completion.code is CompletionCode.TIMEOUT
    assert "放在感应区" in completion.text.zh


def test_card_placed_during_the_wait_is_read(peer: SamPeer, reader: Ga467Reader) -> None:
    op = reader.read_card(5)
    peer.place_card("resident-1")
    assert op.result(DONE_S).unwrap().gender == "female"


def test_invalid_id_number_is_refused(peer: SamPeer, reader: Ga467Reader) -> None:
    peer.place_card("invalid-id")
    completion = reader.read_card(3).result(DONE_S)
    assert completion.code is CompletionCode.INVALID_DATA and completion.value is None
    assert "ID number" in completion.text.en


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        (Fault.BAD_CHECKSUM, CompletionCode.INVALID_DATA),
        (Fault.CARD_REMOVED, CompletionCode.INVALID_DATA),
        (Fault.SLOW, CompletionCode.HARDWARE_ERROR),
    ],
)
def test_faults_end_in_typed_completions(
    peer: SamPeer, reader: Ga467Reader, fault: Fault, code: CompletionCode
) -> None:
    peer.place_card("resident-0")
    peer.set_fault(fault)
    completion = reader.read_card(3).result(DONE_S)
    assert completion.code is code
    assert completion.text.zh and completion.text.en
    peer.set_fault(Fault.NONE)
    peer.place_card("resident-0")
    assert reader.read_card(5).result(DONE_S).ok  # and the next read works


def test_noise_on_the_line_is_skipped(peer: SamPeer, reader: Ga467Reader) -> None:
    peer.set_fault(Fault.NOISE)
    peer.place_card("hmt")
    assert reader.read_card(3).result(DONE_S).unwrap().card_type is CardType.HMT


def test_card_events_from_polling(peer: SamPeer, reader: Ga467Reader, recorder: Recorder) -> None:
    reader.subscribe(recorder)
    peer.place_card("resident-0")
    recorder.wait_for(CardInserted)
    peer.remove_card()
    recorder.wait_for(CardRemoved)


def test_port_vanishes_and_comes_back(
    peer: SamPeer, reader: Ga467Reader, recorder: Recorder
) -> None:
    reader.subscribe(recorder)
    wait_state(recorder, DeviceState.ONLINE)
    peer.place_card("resident-0")
    recorder.wait_for(CardInserted, DONE_S)
    recorder.events.clear()
    peer.vanish()
    wait_state(recorder, DeviceState.OFFLINE)
    recorder.wait_for(CardRemoved, DONE_S)
    assert reader.read_card(0.2).result(DONE_S).code is CompletionCode.DEVICE_NOT_READY
    recorder.events.clear()
    peer.come_back()
    wait_state(recorder, DeviceState.ONLINE)
    assert reader.read_card(3).result(DONE_S).ok


def test_a_new_read_cancels_the_one_still_waiting(reader: Ga467Reader) -> None:
    first = reader.read_card(5)
    second = reader.read_card(0.2)
    assert first.result(DONE_S).code is CompletionCode.CANCELLED
    assert second.result(DONE_S).code is CompletionCode.TIMEOUT


def test_closed_reader_is_not_ready(peer: SamPeer) -> None:
    device = Ga467Reader(Ga467Settings(port=peer.path))
    assert device.read_card(0.1).result(DONE_S).code is CompletionCode.DEVICE_NOT_READY


FAKE_WLT = r"""
#include <string.h>
int unpack(char *wlt, char *bmp, int save) {
    if (memcmp(wlt, "WLfm", 4) != 0) return -1;
    memset(bmp, 0x7f, 102 * 126 * 3);   /* bare BGR pixels, grey */
    return 1;
}
"""


@pytest.mark.skipif(
    shutil.which("cc") is None, reason="no C compiler to build a stand-in WLT library"
)
def test_wlt_photo_decoded_through_a_vendor_library(tmp_path: Path, peer: SamPeer) -> None:
    source = tmp_path / "wlt.c"
    source.write_text(FAKE_WLT)
    library = tmp_path / "libwlt.so"
    subprocess.run(["cc", "-shared", "-fPIC", "-o", str(library), str(source)], check=True)
    device = Ga467Reader(
        Ga467Settings(port=peer.path, timeout_s=0.5, poll_interval_s=0.05), wlt=WltDecoder(library)
    )
    device.open()
    try:
        peer.place_card("resident-2")
        card = device.read_card(3).result(DONE_S).unwrap()
    finally:
        device.close()
    assert card.photo is not None and card.photo.startswith(b"\x89PNG")
    assert device.capabilities()["photo_decoding"] is True


def test_presence_events_keep_the_order_of_what_the_reader_saw(peer: SamPeer) -> None:
    """The poller and a read both ask "card?"; their answers must be told in the order
    they were seen. Here the poller's "placed" is slow to be told (its listener is
    busy); the read sees the card gone meanwhile. Told out of order, every listener
    (the flows' bridge) would believe the card lies there while the reader knows better,
    and no later poll would correct it (the adapter reports changes only)."""
    import threading

    reader = Ga467Reader(
        Ga467Settings(port=peer.path, timeout_s=0.5, poll_interval_s=0.02, reconnect_s=0.1)
    )
    told: list[str] = []
    removed = threading.Event()
    release = threading.Event()

    def listener(event: object) -> None:
        if isinstance(event, CardInserted) and not told:
            peer.remove_card()  # taken off while the poller is still telling "placed"
            reader.read_card(timeout=5)  # the read's own poll sees it gone
            removed.wait(1.0)  # a fixed adapter holds the read back: give up waiting
            release.set()
        if isinstance(event, CardInserted | CardRemoved):
            told.append(type(event).__name__)
            if isinstance(event, CardRemoved):
                removed.set()

    reader.subscribe(listener)
    reader.open()
    try:
        peer.place_card("resident-0")
        assert release.wait(DONE_S) and removed.wait(DONE_S)
        assert told == ["CardInserted", "CardRemoved"]
    finally:
        reader.close()
