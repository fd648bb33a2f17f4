"""The document camera's plate, simulated: a page is pushed in, settles and lies there
until it is taken away, as a resident does it (the demo's sample pages,
``devices/sim/page_images.py``).

Two ways to run it:

- on its own (``autonomous=True``, the demo's ``source = "sample-pages"``): the sample
  pages one after another: an empty plate, a page pushed in from the front by a hand
  (cut off by the picture's edge at first, then moving, then the hand on it), the hand
  withdrawn, the page lying still a few seconds, taken away;
- directed (tours, end-to-end tests): nothing happens until :meth:`SimulatedDesk.place`
  (optionally ``blurred``: lifted off the plate, out of focus; ``hand``: a hand left on
  it), :meth:`steady` (laid flat, the hand withdrawn: sharp and clear) and
  :meth:`take_away` are called, by someone who reads the screen.

The desk's time moves only as frames are read, so every camera command that opens a
source on it sees the same plate (a page that lay there before still lies there).
Thread-safe: the tour (GUI thread) directs, the camera's thread reads :meth:`frame`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import cv2
import numpy as np

from devices.camera.sources import Frame, _Paced
from vision.imaging import Pixels

#: the sample desk's colour (BGR), as devices/sim/page_images.py lays pages on it
DESK = (48, 52, 58)
#: frames a page takes to be pushed in or taken away
SLIDE_FRAMES = 8
#: how far off the plate a page starts (share of the frame's height, towards the front)
SLIDE_FROM = 0.55
#: autonomous: frames of an empty plate, then of a page lying still (at 15 fps)
EMPTY_FRAMES = 15
LIE_FRAMES = 75
#: how out of focus a lifted page is (Gaussian sigma, in the frame's pixels)
BLUR_SIGMA = 7.0
#: autonomous: frames the hand stays on the page after pushing it in
HAND_FRAMES = 20
#: a hand's colour (BGR): light skin, as the hint's YCrCb range sees it
SKIN = (140, 172, 224)


@dataclass
class _Page:
    index: int
    blurred: bool
    #: frames left of the push in (positive) or of the taking away (negative)
    moving: int
    leaving: bool = False
    hand: bool = False


class SimulatedDesk:
    """Frames of the plate with at most one page on it; see the module's docstring."""

    def __init__(self, *, autonomous: bool = False) -> None:
        self.autonomous = autonomous
        self._lock = threading.Lock()
        self._page: _Page | None = None
        self._clock = 0  # frames read so far
        self._next_page = 0  # autonomous: the next sample page
        self._since = 0  # autonomous: the frame the current phase began
        self._cache: dict[tuple[int, bool], Pixels] = {}
        self._empty: Pixels | None = None

    # directing -------------------------------------------------------------------
    def place(self, page: int = 0, *, blurred: bool = False, hand: bool = False) -> None:
        """Push sample page ``page`` onto the plate (replacing any); ``blurred``: it
        stays lifted, out of focus, ``hand``: the hand stays on it, until :meth:`steady`."""
        with self._lock:
            self._page = _Page(page, blurred, SLIDE_FRAMES, hand=hand)

    def steady(self) -> None:
        """Lay the page flat and still, the hand withdrawn: sharp and clear from now on."""
        with self._lock:
            if self._page is not None:
                self._page.blurred = False
                self._page.hand = False

    def take_away(self) -> None:
        with self._lock:
            if self._page is not None and not self._page.leaving:
                self._page.leaving = True
                self._page.moving = SLIDE_FRAMES

    def has_page(self) -> bool:
        with self._lock:
            return self._page is not None

    # filming ---------------------------------------------------------------------
    def frame(self) -> Pixels:
        """The next frame (a fresh array: consumers may wipe it)."""
        with self._lock:
            self._clock += 1
            if self.autonomous:
                self._run_script()
            page = self._page
            if page is None:
                return self._plate().copy()
            index, blurred, hand = page.index, page.blurred, page.hand
            offset = 0.0
            if page.moving > 0:
                share = page.moving / SLIDE_FRAMES
                offset = SLIDE_FROM * (share if not page.leaving else 1.0 - share)
                page.moving -= 1
            elif page.leaving:
                self._page = None
                return self._plate().copy()
        still = self._still(index, blurred)
        if offset <= 0.0:
            frame = still.copy()
        else:
            h, w = still.shape[:2]
            shift = np.array([[1, 0, 0], [0, 1, offset * h]], dtype=np.float32)
            frame = cv2.warpAffine(still, shift, (w, h), borderValue=DESK)
        if hand:
            _draw_hand(frame, offset)
        return frame

    def _run_script(self) -> None:
        """Autonomous: an empty plate, a page pushed in, lying still, taken away; next."""
        age = self._clock - self._since
        page = self._page
        if page is None and age >= EMPTY_FRAMES:
            from devices.sim.page_images import TEMPLATES

            self._page = _Page(self._next_page % len(TEMPLATES), False, SLIDE_FRAMES, hand=True)
            self._next_page += 1
            self._since = self._clock
        elif page is not None and page.hand and age >= SLIDE_FRAMES + HAND_FRAMES:
            page.hand = False  # the hand that pushed the page in is withdrawn
        elif page is not None and not page.leaving and age >= SLIDE_FRAMES + LIE_FRAMES:
            page.leaving, page.moving = True, SLIDE_FRAMES
        elif page is not None and page.leaving and page.moving <= 0:
            self._since = self._clock + 1  # the plate is empty from the next frame

    def _plate(self) -> Pixels:
        if self._empty is None:
            from devices.sim.page_images import FRAME_SIZE

            self._empty = np.full((FRAME_SIZE[1], FRAME_SIZE[0], 3), DESK, np.uint8)
        return self._empty

    def _still(self, index: int, blurred: bool) -> Pixels:
        key = (index, blurred)
        if key not in self._cache:
            from devices.sim.page_images import sample_pages  # rendered on first use
            from vision.imaging import decode

            pages = sample_pages()
            pixels = decode(pages[index % len(pages)])
            if blurred:
                pixels = cv2.GaussianBlur(pixels, (0, 0), BLUR_SIGMA)
            self._cache[key] = pixels
        return self._cache[key]

    def source(self, *, fps: float = 15.0, realtime: bool = True) -> DeskSource:
        return DeskSource(self, fps=fps, realtime=realtime)


def _draw_hand(frame: Pixels, offset: float) -> None:
    """A hand reaching in from the front over the page's lower half (in place)."""
    h, w = frame.shape[:2]
    cy = int(h * (0.78 + offset))
    cx = w // 2 + w // 12
    cv2.ellipse(frame, (cx, cy), (w // 9, h // 9), -15, 0, 360, SKIN, -1)
    for k in range(4):  # fingers towards the page's middle
        x = cx - w // 14 + k * w // 28
        cv2.ellipse(frame, (x, cy - h // 8), (w // 70, h // 14), 0, 0, 360, SKIN, -1)
    cv2.rectangle(frame, (cx - w // 12, cy), (cx + w // 12, h), SKIN, -1)  # the wrist


class DeskSource(_Paced):
    """A :class:`~devices.camera.sources.FrameSource` filming a :class:`SimulatedDesk`."""

    def __init__(self, desk: SimulatedDesk, *, fps: float = 15.0, realtime: bool = True):
        super().__init__(fps, realtime)
        self.desk = desk

    def open(self) -> None:
        self._index = 0

    def read(self) -> Frame | None:
        return self._stamp(self.desk.frame())

    def close(self) -> None:
        pass
