"""The face camera's live picture outside a check (the video call's camera): both face
devices' feeds film the simulated person to the sink at its size until stopped; a
source that fails to open ends the picture without an exception."""

from __future__ import annotations

import threading

import pytest

from device_contracts import PreviewFrame
from devices.camera.face_verifier import DlibFaceVerifier
from devices.camera.live_feed import LiveFeed
from devices.camera.sim_person import SimulatedPerson
from devices.camera.sources import Frame, SourceError
from devices.sim.face import SimFaceVerifier


class Sink:
    size = (160, 120)
    mirror = False

    def __init__(self) -> None:
        self.frames: list[PreviewFrame] = []
        self.some = threading.Event()

    def offer(self, frame: PreviewFrame) -> None:
        self.frames.append(frame)
        if len(self.frames) >= 3:
            self.some.set()


class Broken:
    fps = 10.0

    def open(self) -> None:
        raise SourceError("no camera")

    def read(self) -> Frame | None:
        raise AssertionError("never read")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("device", ["sim", "dlib"])
def test_the_face_camera_films_the_person_to_the_sink_until_stopped(device: str) -> None:
    feed = (
        SimFaceVerifier().live_feed()
        if device == "sim"
        else DlibFaceVerifier(lambda: SimulatedPerson().source()).live_feed()
    )
    sink = Sink()
    feed.start(sink)
    assert sink.some.wait(10.0)
    feed.stop()
    assert not feed.running
    shown = len(sink.frames)
    frame = sink.frames[0]
    assert (frame.width, frame.height, len(frame.rgb)) == (160, 120, 160 * 120 * 3)
    assert len(set(frame.rgb)) > 10  # a picture, not a blank
    assert len(sink.frames) == shown  # the feed's thread has ended: nothing more comes


def test_a_camera_that_does_not_open_ends_the_picture() -> None:
    feed = LiveFeed(Broken)
    sink = Sink()
    feed.start(sink)
    feed.stop()
    assert sink.frames == []
