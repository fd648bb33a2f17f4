"""The video call end to end (issue 21 item 1): the kiosk's link (aiortc) and a clerk's
aiortc peer (the tour's, kiosk/demo/video_clerk.py) find each other through the running simulator's signalling; frames arrive
both ways, the clerk's note and approval reach the kiosk's listener, the clerk's
hang-up ends the call, the clerk's voice reached the kiosk's speaker; a call no clerk
takes rings out; a dead platform fails it."""

from __future__ import annotations

import queue
import wave
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest

from device_contracts import Text
from flows.video_call_ports import (
    CallBrief,
    CallEvent,
    CallEventKind,
    MaterialBrief,
    MaterialState,
    VideoFrame,
)
from kiosk.demo.video_clerk import DemoClerk
from platform_sim import clock
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from platform_sim.video_calls import RING_SECONDS
from tests.platform.helpers import free_port
from tests.video.clerk import (
    PATIENCE_S,
    ColourCamera,
    ToneTrack,
    mean_colour,
    plain_picture,
    wait_until,
)
from video_link.audio import open_speaker
from video_link.calls import WebRtcVideoCalls
from video_link.signalling import Signalling

BRIEF = CallBrief(
    step="materials",
    matter_code="SW001",
    matter_name=Text("个体工商户设立登记", "Sole trader registration"),
    materials=(
        MaterialBrief("ID", Text("身份证", "ID card"), MaterialState.IN_HAND),
        MaterialBrief("LEASE", Text("租赁合同", "Lease"), MaterialState.MISSING, deferrable=True),
    ),
)
KIOSK_RGB = (30, 60, 220)  # blue: the resident
CLERK_RGB = (200, 30, 30)  # red: the clerk


class Heard:
    """The flow's listener: every event, in order."""

    def __init__(self) -> None:
        self.events: queue.Queue[CallEvent] = queue.Queue()

    def __call__(self, event: CallEvent) -> None:
        self.events.put(event)

    def next(self) -> CallEvent:
        return self.events.get(timeout=PATIENCE_S)


class Screen:
    """The call screen's sink for the clerk's video."""

    def __init__(self) -> None:
        self.frames = 0
        self.last: VideoFrame | None = None

    def __call__(self, frame: VideoFrame) -> None:
        self.frames += 1
        self.last = frame


@pytest.fixture
def speaker_file(tmp_path: Path) -> Path:
    return tmp_path / "speaker.wav"


@pytest.fixture
def kiosk(
    server: RunningServer, speaker_file: Path
) -> Iterator[tuple[WebRtcVideoCalls, ColourCamera]]:
    """The link, its camera of one colour, its speaker a WAV file (FFmpeg's ``wav``
    output where a kiosk has ALSA's ``alsa``)."""
    camera = ColourCamera(KIOSK_RGB)
    link = WebRtcVideoCalls(
        Signalling.with_token(server.url, DEMO_TERMINAL_TOKEN),
        camera,
        speaker=lambda: open_speaker(str(speaker_file), fmt="wav"),
        poll_s=0.2,
    )
    yield link, camera
    link.close()


@pytest.fixture
def clerk(server: RunningServer) -> Iterator[DemoClerk]:
    clerk = DemoClerk(server.url, plain_picture(CLERK_RGB), voice=ToneTrack)
    yield clerk
    clerk.close()


def _mean_of(frame: VideoFrame) -> tuple[float, float, float]:
    n = frame.width * frame.height
    return tuple(sum(frame.rgb[c::3]) / n for c in range(3))  # type: ignore[return-value]


def test_frames_go_both_ways_and_the_clerks_words_reach_the_kiosk(
    kiosk: tuple[WebRtcVideoCalls, ColourCamera], clerk: DemoClerk, speaker_file: Path
) -> None:
    link, camera = kiosk
    screen, own = Screen(), Screen()
    link.set_video_sinks(screen, own)
    heard = Heard()
    call_id = link.start(BRIEF, heard)
    assert heard.next().kind is CallEventKind.RINGING

    assert clerk.ringing().count(call_id) == 1
    case = clerk.case(call_id)
    assert case["matter_zh"] == "个体工商户设立登记"
    assert [m["code"] for m in case["materials"]] == ["ID", "LEASE"]

    clerk.answer(call_id)
    assert heard.next().kind is CallEventKind.ANSWERED
    wait_until("the clerk sees the kiosk's camera", lambda: clerk.frames_seen >= 10)
    wait_until("the kiosk sees the clerk", lambda: screen.frames >= 10)
    assert own.frames > 0  # the resident's own picture, as it went out

    # the colours survive the codec: blue from the kiosk, red from the clerk
    seen = mean_colour(clerk.last_frame)
    assert seen is not None
    r, g, b = seen
    assert b > 150 and r < 90, seen
    assert screen.last is not None
    r, g, b = _mean_of(screen.last)
    assert r > 150 and b < 90, (r, g, b)

    clerk.note(call_id, "请把租赁合同稍后补交")
    clerk.approve(call_id, "LEASE")
    note, approval = heard.next(), heard.next()
    assert (note.kind, note.note) == (CallEventKind.NOTE, "请把租赁合同稍后补交")
    assert (approval.kind, approval.material_code) == (CallEventKind.MATERIAL_APPROVED, "LEASE")

    clerk.hang_up(call_id)
    assert heard.next().kind is CallEventKind.ENDED
    wait_until("the camera is let go", lambda: camera._stop.is_set())
    link.close()  # the speaker's file is complete once the call is released
    with wave.open(str(speaker_file)) as played:
        samples = np.frombuffer(played.readframes(played.getnframes()), dtype="<i2")
    assert np.abs(samples).max() > 4000  # the clerk's tone, not silence


def test_a_call_no_clerk_takes_rings_out(kiosk: tuple[WebRtcVideoCalls, ColourCamera]) -> None:
    link, _camera = kiosk
    heard = Heard()
    link.start(BRIEF, heard)
    assert heard.next().kind is CallEventKind.RINGING
    clock.advance(timedelta(seconds=RING_SECONDS + 1))
    try:
        assert heard.next().kind is CallEventKind.NO_ANSWER
    finally:
        clock.reset()


def test_the_kiosk_hangs_up_quietly_and_the_platform_hears_it(
    kiosk: tuple[WebRtcVideoCalls, ColourCamera], clerk: DemoClerk
) -> None:
    link, _camera = kiosk
    heard = Heard()
    call_id = link.start(BRIEF, heard)
    assert heard.next().kind is CallEventKind.RINGING
    link.hang_up(call_id)
    wait_until("the platform ends the call", lambda: clerk.state(call_id) == "ended")
    assert heard.events.empty()


def test_no_platform_fails_the_call() -> None:
    link = WebRtcVideoCalls(Signalling.with_token(f"http://127.0.0.1:{free_port()}", "x"))
    try:
        heard = Heard()
        link.start(BRIEF, heard)
        event = heard.next()
        assert event.kind is CallEventKind.FAILED
        assert event.detail == "ConnectionError"
    finally:
        link.close()
