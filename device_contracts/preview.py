"""A camera's live picture while a command runs: the frames and where they go."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


@dataclass(frozen=True, repr=False)
class PreviewFrame:
    """One frame of a camera's live picture, ready to paint: ``width`` x ``height`` RGB,
    8 bits a channel, rows packed (``len(rgb) == width * height * 3``), already scaled
    to the display size and mirrored when the device was asked to. ``box``: the face
    found in it (left, top, right, bottom, in these pixels), if any; ``outline``: the
    page found in it, if any. Personal data:
    shown, never stored or logged (``repr`` shows only the size)."""

    rgb: bytes
    width: int
    height: int
    box: tuple[int, int, int, int] | None = None
    #: a document camera's page outline found in it (four corners, clockwise from the
    #: top left, in these pixels), if any
    outline: tuple[tuple[int, int], ...] | None = None

    def __repr__(self) -> str:
        return f"PreviewFrame({self.width}x{self.height})"


@runtime_checkable
class PreviewSink(Protocol):
    """Where a camera hands its live picture while a command runs. ``size``: the
    (width, height) the frames are scaled to; ``mirror``: flip left-right (a face camera
    shown to the person in front of it). ``offer`` is called on the camera's thread and
    must not block: a sink keeps only the newest frame (a slow screen drops frames)."""

    @property
    def size(self) -> tuple[int, int]: ...

    @property
    def mirror(self) -> bool: ...

    def offer(self, frame: PreviewFrame) -> None: ...
