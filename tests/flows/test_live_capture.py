"""The materials step with the document camera live (issue 18 item 2): on entering it
the camera's capture runs all the time, its prompts become the session's, a still and
clear page goes by itself to the first material still without one, once; a blurred page
never does; 拍摄 takes the page lying there for its material; leaving the step stops
the camera and its preview. The real OpenCV camera films a simulated plate (unpaced),
on ManualLoop."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable

from device_contracts import PageHint, PageStep, PreviewFrame
from devices.camera.opencv_camera import OpenCvDocumentCamera
from devices.camera.sim_desk import SimulatedDesk
from flows.declaration import DeclarationFlow, DeclarationState
from flows.settings import FlowSettings

from .conftest import Env, to_capturing

S = DeclarationState


class Sink:
    size = (160, 120)
    mirror = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.frames = 0

    def offer(self, frame: PreviewFrame) -> None:
        with self._lock:
            self.frames += 1

    def count(self) -> int:
        with self._lock:
            return self.frames


def live_flow(
    env: Env, desk: SimulatedDesk, settings: FlowSettings | None = None
) -> tuple[DeclarationFlow, Sink]:
    camera = OpenCvDocumentCamera(lambda: desk.source(fps=15, realtime=False), still_s=0.8)
    camera.open()
    devices = dataclasses.replace(env.devices.device_set(), document_camera=camera)
    flow = env.declaration(devices=devices, settings=settings or FlowSettings())
    sink = Sink()
    flow.page_preview = sink
    to_capturing(env, flow)
    return flow, sink


def drain(env: Env, seconds: float, until: Callable[[], bool] = lambda: False) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        env.loop.run_until(lambda: time.monotonic() >= end or until(), 0.05)


def test_a_still_page_goes_to_the_first_material_without_one_once(env: Env) -> None:
    desk = SimulatedDesk()
    flow, sink = live_flow(env, desk)
    s = flow.session
    assert s.live and s.page_target == "hukou_book"
    env.settle(lambda: s.page_prompt is not None and s.page_prompt.step is PageStep.PLACE, 10)
    desk.place(0)
    env.settle(lambda: len(s.pages) == 1, timeout=30)
    assert s.pages[0].material_code == "hukou_book" and s.pages[0].source == "camera"
    assert s.page_target not in (None, "hukou_book")  # the next one waits for its page
    # the page still lies there: it is not taken a second time
    env.settle(lambda: s.page_prompt is not None and s.page_prompt.step is PageStep.TAKEN, 10)
    drain(env, 1.5)
    assert len(s.pages) == 1
    # 拍摄 on a material takes the page lying there for it, at once
    flow.capture("marriage_cert")
    assert s.capturing
    env.settle(lambda: len(s.pages) == 2, timeout=30)
    assert s.pages[1].material_code == "marriage_cert" and not s.capturing
    assert sink.count() > 0
    # leaving the step stops the camera: no frame reaches the screen any more
    flow.back()
    assert not s.live and s.page_prompt is None
    drain(env, 0.3)
    seen = sink.count()
    drain(env, 0.5)
    assert sink.count() == seen
    flow.cancel()


def test_a_blurred_page_is_never_taken_and_the_session_says_why(env: Env) -> None:
    desk = SimulatedDesk()
    flow, _sink = live_flow(env, desk)
    s = flow.session
    desk.place(0, blurred=True)
    env.settle(lambda: s.page_prompt is not None and s.page_prompt.hint is PageHint.BLURRED, 30)
    drain(env, 2.0)
    assert s.pages == [] and s.page_prompt is not None
    assert s.page_prompt.hint is PageHint.BLURRED
    desk.steady()  # laid flat: now it is taken
    env.settle(lambda: len(s.pages) == 1, timeout=30)
    flow.cancel()  # the camera stops (its thread must not outlive the test)
    drain(env, 0.2)


def test_capture_by_hand_waits_its_full_time_though_the_capture_under_way_ends(
    env: Env,
) -> None:
    """拍摄 on an empty plate, late in a capture that then times out: the next capture
    waits on for the page, and it goes to the material tapped (not the next in line)."""
    desk = SimulatedDesk()
    flow, _sink = live_flow(env, desk, FlowSettings(capture_timeout=2.0))
    s = flow.session
    drain(env, 1.5)  # the capture under way ends in half a second
    flow.capture("marriage_cert")
    drain(env, 1.0)  # it has ended (a timeout: the plate is empty)
    assert s.capturing and s.message is None
    desk.place(0)
    env.settle(lambda: len(s.pages) == 1, timeout=30)
    assert s.pages[0].material_code == "marriage_cert" and not s.capturing
    flow.cancel()
    drain(env, 0.2)
