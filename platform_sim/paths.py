"""Where the simulator's seed data is: the sample persons and their reference photo
are the demo's (``assets/sample``), read as files, so the platform imports no kiosk code."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets"
SAMPLE_IDENTITIES = ASSETS / "sample" / "identities.json"
#: the demo persons' reference photo: a 102x126 JPEG head shot of the sample face
SAMPLE_REFERENCE_PHOTO = ASSETS / "sample" / "reference_face.jpg"
