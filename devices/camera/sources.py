"""Frame sources: a real UVC camera through ``cv2.VideoCapture``, or files that stand in
for one (an image held still, a video, a directory of frames, rendered sample pages).

A source is read by one thread at a time (the running camera operation). Each
frame carries a timestamp: wall-clock for a live camera; for files either paced
to the file's frame rate (``realtime=True``, the demo) or the frame's position
in the sequence (``realtime=False``, tests: no sleeping, fully deterministic).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, overload

import cv2
import numpy as np

from vision.imaging import Pixels, read_file

log = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".webp"})
SAMPLE_PAGES = "sample-pages"


class SourceError(OSError):
    """The camera or file cannot be opened or stopped delivering frames."""


@dataclass(frozen=True, repr=False)
class Frame:
    pixels: Pixels  # BGR
    t: float  # seconds
    index: int

    def __repr__(self) -> str:
        return (
            f"Frame(#{self.index}, t={self.t:.3f}, {self.pixels.shape[1]}x{self.pixels.shape[0]})"
        )


class FrameSource(Protocol):
    fps: float

    def open(self) -> None: ...

    def read(self) -> Frame | None:
        """The next frame, or None when a live camera returned nothing this time."""
        ...

    def close(self) -> None: ...


class _Paced:
    """Timestamps and pacing shared by the file-backed sources."""

    def __init__(self, fps: float, realtime: bool) -> None:
        self.fps = fps
        self.realtime = realtime
        self._index = 0
        self._start = 0.0

    def _stamp(self, pixels: Pixels) -> Frame:
        index = self._index
        self._index += 1
        if not self.realtime:
            return Frame(pixels, index / self.fps, index)
        if index == 0:
            self._start = time.monotonic()
        due = self._start + index / self.fps
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return Frame(pixels, time.monotonic(), index)


@dataclass(frozen=True)
class CaptureSettings:
    """What a camera is asked for (0 and "" leave the camera's own choice), and how a
    video file or pictures standing in for a camera are played."""

    width: int = 0
    height: int = 0
    #: the pixel format asked of a camera, four characters
    fourcc: str = "MJPG"
    #: frames a second asked of a camera; a file or pictures play at this rate (0: their own)
    fps: float = 0.0
    #: a file or pictures are paced to the wall clock (False: as fast as they are read)
    realtime: bool = True


class CaptureSource:
    """``cv2.VideoCapture`` on a device index, a device path (/dev/video0) or a video file.

    Video files loop, so a short clip can stand in for a camera; a live camera's
    timestamps are the wall clock. The size and format asked for apply to a camera only.
    """

    def __init__(self, source: int | str, settings: CaptureSettings = CaptureSettings()) -> None:
        self.source = source
        self.settings = settings
        self.fps = settings.fps or 15.0
        self._is_file = isinstance(source, str) and Path(source).is_file()
        self._cap: cv2.VideoCapture | None = None
        self._paced = _Paced(self.fps, settings.realtime)
        self._count = 0

    def open(self) -> None:
        cap = cv2.VideoCapture(self.source)
        if not cap.isOpened():
            cap.release()
            raise SourceError(f"camera {self.describe()} did not open")
        asked = self.settings
        if not self._is_file:
            if asked.fourcc:
                cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*asked.fourcc[:4].ljust(4)))
            if asked.width:
                cap.set(cv2.CAP_PROP_FRAME_WIDTH, asked.width)
            if asked.height:
                cap.set(cv2.CAP_PROP_FRAME_HEIGHT, asked.height)
            if asked.fps:
                cap.set(cv2.CAP_PROP_FPS, asked.fps)
        reported = float(cap.get(cv2.CAP_PROP_FPS) or 0.0)
        if reported > 0 and not asked.fps:
            self.fps = reported
        self._paced = _Paced(self.fps, asked.realtime)
        self._cap = cap

    def describe(self) -> str:
        return f"index {self.source}" if isinstance(self.source, int) else Path(self.source).name

    def read(self) -> Frame | None:
        if self._cap is None:
            raise SourceError("camera not open")
        ok, pixels = self._cap.read()
        if not ok and self._is_file:
            self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0)  # loop the clip
            ok, pixels = self._cap.read()
        if not ok or pixels is None:
            if self._is_file:
                raise SourceError("video file has no frames")
            return None
        if not self._is_file:
            self._count += 1
            return Frame(pixels, time.monotonic(), self._count - 1)
        return self._paced._stamp(pixels)

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class SequenceSource(_Paced):
    """Frames from memory, in order, looping (``loop``) or holding the last one."""

    def __init__(
        self,
        frames: Sequence[Pixels] | Callable[[], Sequence[Pixels]],
        *,
        fps: float = 15.0,
        realtime: bool = True,
        loop: bool = True,
    ) -> None:
        super().__init__(fps, realtime)
        self._frames_or_factory = frames
        self._frames: Sequence[Pixels] = ()
        self.loop = loop

    def open(self) -> None:
        source = self._frames_or_factory
        self._frames = source() if callable(source) else source
        if not self._frames:
            raise SourceError("no frames")
        self._index = 0

    def read(self) -> Frame | None:
        if not self._frames:
            raise SourceError("source not open")
        i = (
            self._index % len(self._frames)
            if self.loop
            else min(self._index, len(self._frames) - 1)
        )
        # a copy: consumers wipe frames after a decision, the source keeps its own
        return self._stamp(self._frames[i].copy())

    def close(self) -> None:
        self._frames = ()


def image_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


class SamplePageFrames(Sequence[Pixels]):
    """The simulated camera's sample pages as a feed: each page slides in, then lies still.

    ``settle`` frames of the page moving, then ``hold`` frames of it lying still: the
    auto-capture sees motion, then stillness, like a resident laying a page down.
    Frames are made when read (a capture usually needs only the first page's), so
    opening the source costs nothing: the camera thread used to warp every page of
    the feed up front, holding the CPU the GUI thread needed.
    """

    def __init__(self, hold: int = 20, settle: int = 6) -> None:
        self.hold = hold
        self.settle = settle
        self._still: dict[int, Pixels] = {}

    def __len__(self) -> int:
        from devices.sim.page_images import TEMPLATES

        return len(TEMPLATES) * (self.settle + self.hold)

    @overload
    def __getitem__(self, index: int) -> Pixels: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[Pixels]: ...

    def __getitem__(self, index: int | slice) -> Pixels | Sequence[Pixels]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if not -len(self) <= index < len(self):
            raise IndexError(index)
        page, step = divmod(index % len(self), self.settle + self.hold)
        still = self._page(page)
        k = self.settle - step  # frames left before the page lies still
        if k <= 0:
            return still
        h, w = still.shape[:2]
        shift = np.array([[1, 0, -k * w * 0.03], [0, 1, k * h * 0.01]], dtype=np.float32)
        moved: Pixels = cv2.warpAffine(still, shift, (w, h), borderValue=(58, 52, 48))
        return moved

    def _page(self, page: int) -> Pixels:
        if page not in self._still:
            from devices.sim.page_images import sample_pages  # rendered on first use
            from vision.imaging import decode

            self._still[page] = decode(sample_pages()[page])
        return self._still[page]


def sample_page_frames(hold: int = 20, settle: int = 6) -> Sequence[Pixels]:
    """The sample pages feed (:class:`SamplePageFrames`)."""
    return SamplePageFrames(hold, settle)


def open_source(spec: int | str, settings: CaptureSettings = CaptureSettings()) -> FrameSource:
    """A frame source from a config value (not opened yet).

    ``spec``: a device index (0) or path (/dev/video0); a video file; an image file
    (held still, like a page or a photo in front of the camera); a directory of
    images (played in name order); or ``"sample-pages"`` (the simulated pages).
    """
    fps, realtime = settings.fps, settings.realtime
    # ASCII digits only: "²".isdigit() is true but int("²") raises
    if isinstance(spec, int) or (isinstance(spec, str) and spec.isascii() and spec.isdigit()):
        return CaptureSource(int(spec), settings)
    if spec == SAMPLE_PAGES:
        return SequenceSource(sample_page_frames, fps=fps or 10.0, realtime=realtime)
    path = Path(spec).expanduser()
    if path.is_dir():
        files = image_files(path)
        if not files:
            raise SourceError(f"no images in {path.name}")
        return SequenceSource(
            lambda: [read_file(str(p)) for p in files], fps=fps or 15.0, realtime=realtime
        )
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return SequenceSource(lambda: [read_file(str(path))], fps=fps or 15.0, realtime=realtime)
    # a video file, or a device path such as /dev/video2 (may appear later: opening
    # reports the fault)
    return CaptureSource(str(path), settings)
