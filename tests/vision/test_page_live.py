"""The document camera, live (issue 18 item 2): while a capture runs it hands the screen
each frame with the page outline found by the crop's own detector, says what it sees
(place, hold still, a hint, taken), takes a still and clear page by itself once, never a
blurred one, and takes the page at once when told (拍摄). The simulated plate is
directed as a resident would lay pages on it; its frames are read unpaced
(``realtime=False``: a second of wall time is many seconds of camera time)."""

from __future__ import annotations

import threading
import time

import cv2
import numpy as np

from device_contracts import (
    Completion,
    CompletionCode,
    DeviceEvent,
    Image,
    LiveDocumentCamera,
    PageHint,
    PagePrompt,
    PageStep,
    PreviewFrame,
)
from devices.camera.opencv_camera import OpenCvDocumentCamera
from devices.camera.page_preview import look_at, page_hint
from devices.camera.sim_desk import DeskSource, SimulatedDesk
from devices.sim.page_images import sample_pages
from vision.document import find_page
from vision.imaging import decode, scale_to

WAIT_S = 60.0  # a bound for "it completes", not a performance assertion


class Screen:
    """A preview sink that keeps what it was offered (the newest frame, and a count)."""

    size = (800, 600)
    mirror = False

    def __init__(self) -> None:
        self.frames = 0
        self.last: PreviewFrame | None = None
        self._lock = threading.Lock()

    def offer(self, frame: PreviewFrame) -> None:
        with self._lock:
            self.frames += 1
            self.last = frame


def live_camera(desk: SimulatedDesk) -> tuple[OpenCvDocumentCamera, Screen]:
    cam = OpenCvDocumentCamera(lambda: desk.source(fps=15, realtime=False), still_s=0.8)
    cam.open()
    screen = Screen()
    cam.set_preview(screen)
    return cam, screen


def prompts_of(
    cam: OpenCvDocumentCamera, timeout: float
) -> tuple[list[PagePrompt], Completion[Image]]:
    seen: list[PagePrompt] = []

    def listen(event: DeviceEvent) -> None:
        if isinstance(event, PagePrompt):
            seen.append(event)

    op = cam.capture_page(timeout)
    op.add_event_listener(listen)
    return seen, op.result(timeout=WAIT_S)


def test_a_blurred_page_is_never_taken_and_the_camera_says_it_is_blurred() -> None:
    desk = SimulatedDesk()
    cam, screen = live_camera(desk)
    assert isinstance(cam, LiveDocumentCamera)
    desk.place(0, blurred=True)
    seen, completion = prompts_of(cam, timeout=1.5)
    assert completion.code is CompletionCode.TIMEOUT  # still for many seconds: never taken
    assert seen[-1].hint is PageHint.BLURRED
    assert seen[-1].steady == 0.0  # no progress towards a capture while blurred
    # the screen got the picture with the page outline (the crop's detector)
    assert screen.frames > 10
    assert screen.last is not None and screen.last.outline is not None
    assert len(screen.last.outline) == 4
    assert len(screen.last.rgb) == screen.last.width * screen.last.height * 3


def test_a_page_with_a_hand_on_it_is_not_taken_until_the_hand_is_gone() -> None:
    desk = SimulatedDesk()
    cam, _screen = live_camera(desk)
    desk.place(0, hand=True)
    seen, completion = prompts_of(cam, timeout=1.5)
    assert completion.code is CompletionCode.TIMEOUT
    assert seen[-1].hint is PageHint.HAND
    desk.steady()
    seen, completion = prompts_of(cam, timeout=20)
    assert completion.ok
    assert seen[-1].hint is None


def test_the_demo_plate_pushes_pages_in_by_hand_and_each_is_taken() -> None:
    """The demo's plate on its own: a page pushed in (cut off, then a hand on it), the
    hand withdrawn, taken; taken away; the next page."""
    desk = SimulatedDesk(autonomous=True)
    cam, _screen = live_camera(desk)
    seen, first = prompts_of(cam, timeout=20)
    assert first.ok
    hints = [p.hint for p in seen]
    assert PageHint.CUT_OFF in hints and PageHint.HAND in hints
    _seen, second = prompts_of(cam, timeout=20)
    assert second.ok and second.value is not None and first.value is not None
    assert second.value.data != first.value.data


def test_a_steady_page_is_taken_once_then_the_next_page() -> None:
    desk = SimulatedDesk()
    cam, _screen = live_camera(desk)
    desk.place(0)
    seen, first = prompts_of(cam, timeout=20)
    assert first.ok and first.value is not None
    steps = [p.step for p in seen]
    assert PageStep.HOLD in steps and steps[-1] is PageStep.STEADY
    assert seen[-1].steady == 1.0
    # the same page still lying there: never taken again
    seen, second = prompts_of(cam, timeout=1.5)
    assert second.code is CompletionCode.TIMEOUT
    assert [p.step for p in seen] == [PageStep.TAKEN]
    # taken away, and the next page laid down: taken
    desk.take_away()
    desk.place(1)
    _seen, third = prompts_of(cam, timeout=20)
    assert third.ok and third.value is not None
    assert third.value.data != first.value.data


def test_shoot_takes_the_page_lying_there_even_blurred_and_auto_capture_can_be_off() -> None:
    desk = SimulatedDesk()
    cam, _screen = live_camera(desk)
    cam.set_auto_capture(False)
    desk.place(2)
    _seen, waited = prompts_of(cam, timeout=1.5)
    assert waited.code is CompletionCode.TIMEOUT  # still and clear, but not asked for
    desk.place(0, blurred=True)
    cam.shoot()
    _seen, shot = prompts_of(cam, timeout=20)
    assert shot.ok and shot.value is not None
    assert shot.value.height > shot.value.width  # the page, cropped


def test_without_a_preview_a_page_taken_is_taken_again() -> None:
    """Outside the materials screen (the technician's camera test) every capture takes
    the page lying there: "taken once" belongs to a live screen."""
    desk = SimulatedDesk()
    cam = OpenCvDocumentCamera(lambda: desk.source(fps=15, realtime=False), still_s=0.8)
    cam.open()
    desk.place(0)
    assert cam.capture_page(20).result(timeout=WAIT_S).ok
    assert cam.capture_page(20).result(timeout=WAIT_S).ok


def page_frame() -> np.ndarray:
    return decode(sample_pages()[0])


def test_hints_for_dark_glare_hand_and_a_page_off_the_edge() -> None:
    frame = page_frame()
    clear = look_at(frame)
    assert clear.quad is not None and clear.hint is None
    # the outline is the crop's: find_page on the full frame finds the same corners
    full = find_page(frame)
    assert full is not None and np.abs(full - clear.quad).max() < 8
    assert look_at((frame * 0.25).astype(np.uint8)).hint is PageHint.TOO_DARK
    assert look_at(np.zeros_like(frame)).hint is PageHint.TOO_DARK  # lens covered
    quad = clear.quad.astype(np.int32)
    cx, cy = (int(v) for v in quad.mean(axis=0))
    glare = frame.copy()
    cv2.circle(glare, (cx, cy), 90, (255, 255, 255), -1)
    assert look_at(glare).hint is PageHint.GLARE
    hand = frame.copy()
    cv2.ellipse(hand, (cx, cy + 150), (150, 90), 20, 0, 360, (140, 172, 224), -1)  # BGR skin
    assert look_at(hand).hint is PageHint.HAND
    h, w = frame.shape[:2]
    shifted = cv2.warpAffine(
        frame, np.array([[1, 0, 0], [0, 1, h * 0.3]], np.float32), (w, h), borderValue=(48, 52, 58)
    )
    assert look_at(shifted).hint is PageHint.CUT_OFF
    small, _f = scale_to(frame, 640)
    assert page_hint(small, None) is None  # an empty or unseen page: no hint, "place"


def test_closing_the_camera_stops_a_running_capture() -> None:
    """At shutdown the watch ends with the device, not at its deadline (its thread
    reading frames past the interpreter's exit aborted the process)."""
    desk = SimulatedDesk()
    cam, screen = live_camera(desk)
    op = cam.capture_page(timeout=600)
    deadline = time.monotonic() + WAIT_S
    while screen.frames == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # the capture is watching
    assert screen.frames > 0
    cam.close()
    assert op.result(timeout=WAIT_S).code is CompletionCode.DEVICE_NOT_READY


class CountedDesk(DeskSource):
    """The plate's source, counting how often the camera opens and closes it."""

    opened = 0
    closed = 0

    def open(self) -> None:
        CountedDesk.opened += 1
        super().open()

    def close(self) -> None:
        CountedDesk.closed += 1
        super().close()


def test_the_camera_stays_open_between_live_captures_and_is_released_after() -> None:
    """A real camera takes most of a second to open: the live picture must not freeze
    after each page. Without a screen, each capture opens and closes it, as before."""
    desk = SimulatedDesk()
    CountedDesk.opened = CountedDesk.closed = 0
    cam = OpenCvDocumentCamera(lambda: CountedDesk(desk, fps=15, realtime=False), still_s=0.8)
    cam.open()
    opened_by_probe = CountedDesk.opened
    cam.set_preview(Screen())
    desk.place(0)
    assert cam.capture_page(20).result(timeout=WAIT_S).ok
    assert cam.capture_page(0.5).result(timeout=WAIT_S).code is CompletionCode.TIMEOUT
    assert CountedDesk.opened == opened_by_probe + 1  # once for both captures
    assert CountedDesk.closed == opened_by_probe  # still open for the next one
    assert cam.latest_frame() is not None
    cam.set_preview(None)  # the screen left: nothing of the picture is kept
    assert CountedDesk.closed == CountedDesk.opened
    assert cam.latest_frame() is None
    assert cam.capture_page(20).result(timeout=WAIT_S).ok  # no screen: opened, closed
    assert CountedDesk.closed == CountedDesk.opened == opened_by_probe + 2
