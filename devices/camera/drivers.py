"""The factories of the OpenCV document camera ("opencv") and the dlib face verifier ("dlib").

Options (``[devices.document_camera]`` / ``[devices.face]`` in the site config):

- ``source``: camera index (0), device path ("/dev/video0"), video file, image file,
  directory of images, ``"sample-pages"`` (document camera: the simulated plate,
  ``devices/camera/sim_desk.py``, the sample pages pushed in, lying still a few seconds
  and taken away, one after another), or for the face camera ``"sample-live"`` /
  ``"sample-replay"`` (a synthetic live person / a held-up photo, made from the
  packaged public-domain portrait; ``"sample-live:PHOTO"`` uses another portrait).
- ``width``, ``height``, ``fourcc`` (default "MJPG"), ``fps``: capture settings.
- ``realtime`` (default true): file sources play at their frame rate.
- document camera: ``still_s`` (0.8), ``motion_threshold`` (3.0), ``crop`` (true).
- face: ``threshold`` (see vision.face.DEFAULT_THRESHOLD), ``step_s`` (6.0, the
  time limit per liveness challenge).
- ``delay_s`` and ``require_reference`` are accepted because the site config fills
  them in for every driver; they change nothing here (a real check always needs a
  reference photo).
"""

from __future__ import annotations

from collections.abc import Callable

from device_contracts import Device
from devices.camera.face_verifier import DlibFaceVerifier
from devices.camera.opencv_camera import OpenCvDocumentCamera
from devices.camera.sim_desk import SimulatedDesk
from devices.camera.sim_faces import SAMPLE_FACE
from devices.camera.sources import (
    SAMPLE_PAGES,
    CaptureSettings,
    FrameSource,
    SequenceSource,
    open_source,
)
from devices.driver_spec import DeviceConfigError, DriverSpec
from vision.face import DEFAULT_THRESHOLD

SAMPLE_LIVE = "sample-live"
SAMPLE_REPLAY = "sample-replay"
#: the simulated plate's frame rate: a document camera's live picture (>= 15 on screen)
SAMPLE_PAGES_FPS = 20.0
#: the capture settings the site config leaves out
_DEFAULTS = CaptureSettings()


def _source(spec: DriverSpec) -> int | str:
    raw = spec.options.get("source")
    if isinstance(raw, int) and not isinstance(raw, bool):
        return spec.integer("source", 0)
    return spec.text("source")


def _source_factory(spec: DriverSpec, *, face: bool) -> Callable[[], FrameSource]:
    source = _source(spec)
    asked = CaptureSettings(
        width=spec.integer("width", _DEFAULTS.width),
        height=spec.integer("height", _DEFAULTS.height),
        fourcc=spec.text("fourcc", _DEFAULTS.fourcc),
        fps=spec.number("fps", _DEFAULTS.fps),
        realtime=spec.flag("realtime", _DEFAULTS.realtime),
    )
    fps, realtime = asked.fps, asked.realtime
    spec.optional_number("delay_s")  # filled in by the site config for the sim driver
    if len(asked.fourcc) != 4:
        raise DeviceConfigError(spec.key("fourcc"), "must be four characters, e.g. MJPG")
    if face and isinstance(source, str) and source.startswith((SAMPLE_LIVE, SAMPLE_REPLAY)):
        return face_source(source, fps=fps or 15.0, realtime=realtime)
    if not face and source == SAMPLE_PAGES:
        # one plate for every command: a page lying there stays there between captures
        desk = SimulatedDesk(autonomous=True)
        return lambda: desk.source(fps=fps or SAMPLE_PAGES_FPS, realtime=realtime)
    return lambda: open_source(source, asked)


def face_source(
    source: str, *, fps: float = 15.0, realtime: bool = True
) -> Callable[[], FrameSource]:
    """A simulated face camera: ``"sample-live[:PHOTO]"`` or ``"sample-replay[:PHOTO]"``."""
    live = source.startswith(SAMPLE_LIVE)
    photo = source.partition(":")[2] or str(SAMPLE_FACE)

    def frames() -> list:  # type: ignore[type-arg]
        from devices.camera.sim_faces import live_loop, photo_replay
        from vision.imaging import read_file

        pixels = read_file(photo)
        return live_loop(pixels) if live else photo_replay(pixels)

    return lambda: SequenceSource(frames, fps=fps, realtime=realtime)


def document_camera(spec: DriverSpec) -> Device:
    return OpenCvDocumentCamera(
        _source_factory(spec, face=False),
        name=spec.name,
        still_s=spec.number("still_s", 0.8),
        motion_threshold=spec.number("motion_threshold", 3.0),
        crop=spec.flag("crop", True),
    )


def face(spec: DriverSpec) -> Device:
    spec.flag("require_reference", True)
    threshold = spec.number("threshold", DEFAULT_THRESHOLD)
    if not 0 < threshold < 2:
        raise DeviceConfigError(spec.key("threshold"), "must be between 0 and 2")
    return DlibFaceVerifier(
        _source_factory(spec, face=True),
        name=spec.name,
        threshold=threshold,
        step_s=spec.number("step_s", 6.0),
    )
