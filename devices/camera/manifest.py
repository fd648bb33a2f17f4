"""The OpenCV document camera ("opencv") and the dlib face verifier ("dlib").

Their options are read by the factories in ``drivers.py`` (documented there);
``source`` is the camera (an index, a device path, a file or a sample feed).
"""

from __future__ import annotations

from devices.declaration import DriverDeclaration
from devices.kinds import DeviceKind


def _camera(kind: DeviceKind, name: str, **starts_with: object) -> DriverDeclaration:
    factory = f"devices.camera.drivers:{kind.value}"
    choices = {"fourcc": ("MJPG", "YUYV")}
    return DriverDeclaration(kind, name, factory, None, starts_with, choices, address="source")


DRIVERS = (
    _camera(
        DeviceKind.DOCUMENT_CAMERA,
        "opencv",
        source=0,
        width=1920,
        height=1080,
        fourcc="MJPG",
        crop=True,
    ),
    _camera(DeviceKind.FACE, "dlib", source=1, width=1280, height=720, fourcc="MJPG"),
)
