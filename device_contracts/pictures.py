"""What the cameras hand back: a picture, and the face check's verdict on one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, repr=False)
class Image:
    """An encoded picture (PNG or JPEG). Personal data when it shows a person or a page."""

    data: bytes
    mime: str
    width: int
    height: int

    def __repr__(self) -> str:
        return f"Image({self.mime}, {self.width}x{self.height}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class FaceMatch:
    matched: bool
    distance: float
    threshold: float
    live: bool
