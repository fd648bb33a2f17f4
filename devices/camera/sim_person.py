"""A simulated person in front of the face camera who does only what they are told.

The demo's looping feed (:func:`devices.camera.sim_faces.live_loop`) blinks and turns
by itself, whatever the screen says, so a screen that asks for the wrong thing would
still pass. :class:`SimulatedPerson` holds still (a little hand-held wobble) until
:meth:`SimulatedPerson.act` is called, then blinks or turns once, from the sample face:
a tour or a test reads the prompt the screen shows and acts on it, as a resident does.

The sample face's box and 68 landmarks are stored next to it
(``sample_face_landmarks.json``, made with the dlib models and checked against them by a
test), so making frames needs OpenCV only, never the face models: the simulated face
device (``devices/sim/face.py``) streams the same person without loading dlib.
"""

from __future__ import annotations

import json
import random
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from device_contracts import FaceStep
from devices.camera.sim_faces import FRAME_SIZE, SAMPLE_FACE, close_eyes, jitter, turn_head
from devices.camera.sources import Frame, _Paced
from vision.face_analysis import FaceAnalysis, FaceBox
from vision.imaging import Pixels, read_file

SAMPLE_LANDMARKS = SAMPLE_FACE.with_name("sample_face_landmarks.json")
#: frame rate of the simulated person's camera: a webcam's 20-30 fps, not the 15 the
#: screen must at least show (a feed of exactly 15 fps cannot show more)
FPS = 20.0
#: how far the eyes close / the head turns, frame by frame (20 fps: 0.3 s and 0.45 s)
BLINK = (0.5, 1.0, 1.0, 0.5, 0.0, 0.0)
TURN = (0.25, 0.5, 0.8, 1.0, 1.0, 0.8, 0.5, 0.25, 0.0)
_FACE_SHARE = 0.38  # of the frame's width, as sim_faces.portrait_frame frames it


@dataclass(frozen=True)
class Portrait:
    """The sample face framed as a camera frame, with where its face is."""

    frame: Pixels
    analysis: FaceAnalysis


def sample_portrait(photo: Path = SAMPLE_FACE, landmarks: Path = SAMPLE_LANDMARKS) -> Portrait:
    """``photo`` re-framed as a 640x480 camera frame (as ``portrait_frame`` does), its
    stored box and landmarks moved with it: no face models needed."""
    pixels = read_file(str(photo))
    known = json.loads(landmarks.read_text(encoding="utf-8"))
    left, top, right, bottom = (float(v) for v in known["box"])
    points = np.array(known["landmarks"], dtype=np.float32)
    scale = _FACE_SHARE * FRAME_SIZE[0] / (right - left)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    dx, dy = FRAME_SIZE[0] / 2 - cx * scale, FRAME_SIZE[1] * 0.45 - cy * scale
    m = np.array([[scale, 0, dx], [0, scale, dy]], dtype=np.float32)
    frame: Pixels = cv2.warpAffine(
        pixels, m, FRAME_SIZE, flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REFLECT
    )
    box = FaceBox(left * scale + dx, top * scale + dy, right * scale + dx, bottom * scale + dy, 1.0)
    moved = (points * scale + np.array([dx, dy], dtype=np.float32)).astype(np.float32)
    return Portrait(frame, FaceAnalysis(box, moved))


class SimulatedPerson:
    """Frames of one person who blinks or turns when told (:meth:`act`), else holds still.

    Thread-safe: the tour (GUI thread) calls :meth:`act`, the camera's thread reads
    :meth:`frame`. A motion counts as performed (:attr:`performed`) once its last frame
    was read, as a camera would have seen all of it.
    """

    def __init__(self, portrait: Portrait | None = None, *, seed: int = 0) -> None:
        self._portrait = portrait
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._asked: deque[FaceStep] = deque()
        self._motion: list[float] = []
        self._doing: FaceStep | None = None
        self.performed: list[FaceStep] = []

    def act(self, step: FaceStep) -> None:
        """Blink or turn (the person's own left or right) once, after what is under way."""
        if step not in (FaceStep.BLINK, FaceStep.TURN_LEFT, FaceStep.TURN_RIGHT):
            return  # looking and waiting: what the person does anyway
        with self._lock:
            self._asked.append(step)

    def count(self) -> int:
        with self._lock:
            return len(self.performed)

    def performed_since(self, mark: int) -> list[FaceStep]:
        with self._lock:
            return self.performed[mark:]

    def frame(self, *, render: bool = True) -> Pixels | None:
        """The next frame; ``render=False`` only moves the motion on."""
        with self._lock:
            if not self._motion and self._asked:
                self._doing = self._asked.popleft()
                self._motion = list(BLINK if self._doing is FaceStep.BLINK else TURN)
            step = self._doing
            amount = self._motion.pop(0) if self._motion else 0.0
            if step is not None and not self._motion:
                self.performed.append(step)
                self._doing = None
        if not render:
            return None
        portrait = self.portrait()
        base, analysis = portrait.frame, portrait.analysis
        if step is FaceStep.BLINK:
            moved = close_eyes(base, analysis, amount)
        elif step is not None:
            sign = 1.0 if step is FaceStep.TURN_LEFT else -1.0
            moved = turn_head(base, analysis, sign * amount)
        else:
            moved = base
        return jitter(moved, self._rng, 0.3 if step is not None else 0.5)

    def portrait(self) -> Portrait:
        if self._portrait is None:
            self._portrait = sample_portrait()
        return self._portrait

    def source(self, *, fps: float = FPS, realtime: bool = True) -> PersonSource:
        return PersonSource(self, fps=fps, realtime=realtime)


class PersonSource(_Paced):
    """A :class:`~devices.camera.sources.FrameSource` filming a :class:`SimulatedPerson`."""

    def __init__(self, person: SimulatedPerson, *, fps: float = FPS, realtime: bool = True):
        super().__init__(fps, realtime)
        self.person = person

    def open(self) -> None:
        self._index = 0

    def read(self) -> Frame | None:
        pixels = self.person.frame()
        assert pixels is not None
        return self._stamp(pixels)

    def close(self) -> None:
        pass
