"""What ``kiosk ocr`` and ``kiosk face verify`` do, as plain functions returning text.

Kept out of ``kiosk.cli`` so the command stays a thin parser and these run in
tests without Qt. Both load their models (about a second) on first use.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from vision.face import DEFAULT_THRESHOLD, NoFace, verify_pair
from vision.imaging import ImageDecodeError, read_file, wipe
from vision.pipeline import read_page


def ocr_command(path: str, *, as_json: bool, doc_types: Sequence[str] = ()) -> tuple[int, str]:
    """(exit code, output) for ``kiosk ocr IMAGE [--json]``."""
    try:
        pixels = read_file(path)
    except (OSError, ImageDecodeError) as exc:
        return 2, f"{Path(path).name}: cannot read the image ({type(exc).__name__})"
    reading = read_page(pixels, doc_types)
    if as_json:
        return 0, json.dumps(reading.as_json(), ensure_ascii=False, indent=2)
    out = [f"doc_type: {reading.doc_type}"]
    out += [f"  {key}: {value}" for key, value in reading.fields.fields.items()]
    out += [f"  ! {p.field}: {p.message.en}" for p in reading.fields.problems]
    out.append(f"lines ({len(reading.lines)}):")
    out += [f"  {line.score:.2f}  {line.text}" for line in reading.lines]
    return 0, "\n".join(out)


def face_verify_command(
    reference: str, probe: str, *, as_json: bool, threshold: float = DEFAULT_THRESHOLD
) -> tuple[int, str]:
    """(exit code, output) for ``kiosk face verify --reference A --probe B [--json]``.

    Exit 0 on a decision (match or not: the answer is in the output), 2 when an image
    cannot be read or shows no face.
    """
    images = []
    try:
        for path in (reference, probe):
            images.append(read_file(path))
    except (OSError, ImageDecodeError) as exc:
        return 2, f"cannot read the image ({type(exc).__name__})"
    try:
        result = verify_pair(images[0], images[1], threshold)
    except NoFace as exc:
        return 2, str(exc)
    finally:
        for pixels in images:
            wipe(pixels)
    if as_json:
        return 0, json.dumps(result.as_json())
    verdict = "same person" if result.match else "not the same person"
    return 0, f"{verdict} (distance {result.distance:.3f}, threshold {result.threshold})"
