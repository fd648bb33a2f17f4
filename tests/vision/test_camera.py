"""The OpenCV document camera and the driver registration (files stand in for cameras)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from device_contracts import CompletionCode, DeviceState, DocumentCamera, FaceVerifier, Progress
from devices.camera.opencv_camera import OpenCvDocumentCamera
from devices.camera.sources import CaptureSettings, SequenceSource, open_source, sample_page_frames
from devices.registry import DeviceConfigError, build_device
from tests.vision.docgen import documents, photograph, render
from vision.imaging import decode

WAIT_S = 60.0  # a bound for "it completes", not a performance assertion


def desk_frames(page_frames: int = 12) -> list[np.ndarray]:
    """An empty desk, the page sliding in, then lying still."""
    still = photograph(render(documents()[2]), seed=5)
    h, w = still.shape[:2]
    desk = np.full_like(still, (52, 58, 64))
    sliding = [
        cv2.warpAffine(
            still,
            np.array([[1, 0, -40 * k], [0, 1, 0]], np.float32),
            (w, h),
            borderValue=(52, 58, 64),
        )
        for k in range(5, 0, -1)
    ]
    return [desk] * 4 + sliding + [still] * page_frames


def camera(frames: list[np.ndarray], **kwargs: object) -> OpenCvDocumentCamera:
    cam = OpenCvDocumentCamera(
        lambda: SequenceSource(frames, fps=10, realtime=False, loop=False),
        still_s=0.5,
        **kwargs,  # type: ignore[arg-type]
    )
    cam.open()
    return cam


def test_auto_capture_returns_the_flattened_page() -> None:
    cam = camera(desk_frames())
    assert isinstance(cam, DocumentCamera)
    events: list[str] = []
    op = cam.capture_page(timeout=WAIT_S)
    op.add_event_listener(
        lambda e: events.append(e.message.en) if isinstance(e, Progress) else None
    )
    completion = op.result(timeout=WAIT_S + 5)
    assert completion.ok and completion.value is not None
    image = completion.value
    assert image.mime == "image/jpeg"
    assert 1.3 < image.height / image.width < 1.5  # an A4 page, not the 4:3 frame
    page = decode(image)
    assert page[image.height // 2, image.width // 2].mean() > 180  # paper in the middle
    assert cam.status().state is DeviceState.ONLINE
    assert cam.latest_frame() is not None  # the preview saw the feed


def test_still_empty_desk_never_captures() -> None:
    desk = np.full((600, 800, 3), (52, 58, 64), np.uint8)
    cam = OpenCvDocumentCamera(lambda: SequenceSource([desk], fps=200, realtime=True), still_s=0.2)
    cam.open()
    completion = cam.capture_page(timeout=0.6).result(timeout=WAIT_S)
    assert completion.code is CompletionCode.NO_MEDIA
    assert completion.text.en.startswith("No page")


def test_missing_camera_is_not_ready(tmp_path: Path) -> None:
    cam = OpenCvDocumentCamera(lambda: open_source(str(tmp_path / "video9")))
    cam.open()
    assert cam.status().state is DeviceState.OFFLINE
    completion = cam.capture_page(timeout=1).result(timeout=WAIT_S)
    assert completion.code is CompletionCode.DEVICE_NOT_READY


def test_unopened_camera_refuses() -> None:
    cam = OpenCvDocumentCamera(lambda: SequenceSource(desk_frames()))
    completion = cam.capture_page(timeout=1).result(timeout=WAIT_S)
    assert completion.code is CompletionCode.DEVICE_NOT_READY


def test_cancel_stops_the_capture() -> None:
    desk = np.full((600, 800, 3), (52, 58, 64), np.uint8)
    cam = OpenCvDocumentCamera(lambda: SequenceSource([desk], fps=50, realtime=True))
    cam.open()
    op = cam.capture_page(timeout=30)
    op.cancel()
    assert op.result(timeout=WAIT_S).code is CompletionCode.CANCELLED


def test_a_video_file_stands_in_for_the_camera(tmp_path: Path) -> None:
    frames = desk_frames(page_frames=10)
    path = tmp_path / "pages.avi"
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), 10, (w, h))
    for f in frames:
        writer.write(f)
    writer.release()
    cam = OpenCvDocumentCamera(
        lambda: open_source(str(path), CaptureSettings(realtime=False)), still_s=0.5
    )
    cam.open()
    completion = cam.capture_page(timeout=WAIT_S).result(timeout=WAIT_S + 5)
    assert completion.ok and completion.value is not None
    assert completion.value.height > completion.value.width


def test_sample_pages_feed_moves_then_holds_still() -> None:
    frames = sample_page_frames(hold=3, settle=2)
    assert len(frames) == 3 * 5
    assert not np.array_equal(frames[0], frames[2])
    assert np.array_equal(frames[2], frames[4])


def test_registry_builds_the_real_drivers(tmp_path: Path) -> None:
    doc = build_device(
        "document_camera",
        {"driver": "opencv", "source": "sample-pages", "still_s": 0.5, "delay_s": 0.4},
    )
    assert isinstance(doc, OpenCvDocumentCamera)
    face = build_device(
        "face",
        {
            "driver": "dlib",
            "source": 0,
            "width": 640,
            "height": 480,
            "threshold": 0.5,
            "delay_s": 0.8,
            "require_reference": False,
        },
    )
    assert isinstance(face, FaceVerifier)
    assert face.capabilities()["threshold"] == 0.5
    with pytest.raises(DeviceConfigError) as info:
        build_device("document_camera", {"driver": "opencv", "source": 0, "resolution": 3})
    assert info.value.key == "devices.document_camera.resolution"
    with pytest.raises(DeviceConfigError) as info:
        build_device("face", {"driver": "dlib"})
    assert info.value.key == "devices.face.source"


def test_no_gui_opencv_alongside_the_headless_build() -> None:
    from importlib import metadata

    names = {d.metadata["Name"].lower() for d in metadata.distributions()}
    assert "opencv-python-headless" in names
    assert "opencv-python" not in names  # both would fight over the same cv2/ folder


def test_a_stand_in_source_for_the_next_commands_then_the_configured_one() -> None:
    """The demo's "printed photo held up" for every try of a face check, then the camera."""
    from devices.camera._device import CameraDevice

    configured, stand_in = SequenceSource([]), SequenceSource([])
    camera = CameraDevice("face", lambda: configured)
    camera.use_source_once(lambda: stand_in, times=2)
    assert [camera._make_source() for _ in range(3)] == [stand_in, stand_in, configured]
    camera.use_source_once(lambda: stand_in)
    assert [camera._make_source() for _ in range(2)] == [stand_in, configured]
