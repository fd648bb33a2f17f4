"""1:1 face verification on public-domain portraits (see tests/data/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import pytest

from tests.vision.conftest import DATA
from vision.face import DEFAULT_THRESHOLD, NoFace, analyze_face, verify_pair
from vision.face_models import FaceModels
from vision.imaging import Pixels
from vision.tool import face_verify_command

pytestmark = pytest.mark.usefixtures("face_models")


def id_photo(photo: Pixels) -> Pixels:
    """The photo the way an ID card stores it: a 102x126 head crop, heavily compressed."""
    found = analyze_face(photo, embed=False)
    assert found is not None
    b = found.box
    cx, cy, s = (b.left + b.right) / 2, (b.top + b.bottom) / 2, b.width * 1.6
    crop = photo[
        max(0, int(cy - s * 0.75)) : int(cy + s * 0.85),
        max(0, int(cx - s * 0.62)) : int(cx + s * 0.62),
    ]
    small = cv2.resize(crop, (102, 126), interpolation=cv2.INTER_AREA)
    _ok, buf = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 60])
    out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    assert out is not None
    return out


def camera_shot(photo: Pixels) -> Pixels:
    """A different take: darker, blurred, mirrored, shifted."""
    h, w = photo.shape[:2]
    moved = cv2.warpAffine(photo, cv2.getRotationMatrix2D((w / 2, h / 2), 4, 0.9), (w, h))
    return cv2.flip(
        cv2.GaussianBlur(cv2.convertScaleAbs(moved, alpha=0.7, beta=-5), (5, 5), 1.2), 1
    )


def test_same_person_matches(astronaut: Pixels, hopper: Pixels) -> None:
    for photo in (astronaut, hopper):
        result = verify_pair(id_photo(photo), camera_shot(photo))
        assert result.match
        assert result.distance < DEFAULT_THRESHOLD
        assert result.threshold == DEFAULT_THRESHOLD


def test_different_people_do_not_match(astronaut: Pixels, hopper: Pixels) -> None:
    for reference, probe in ((astronaut, hopper), (id_photo(hopper), camera_shot(astronaut))):
        result = verify_pair(reference, probe)
        assert not result.match
        assert result.distance > DEFAULT_THRESHOLD


def test_an_image_without_a_face_is_refused(astronaut: Pixels) -> None:
    blank = astronaut.copy()
    blank[:] = 128
    with pytest.raises(NoFace) as info:
        verify_pair(astronaut, blank)
    assert info.value.which == "probe"


def test_landmarks_and_embedding(face_models: FaceModels, astronaut: Pixels) -> None:
    boxes = face_models.detect(astronaut)
    assert boxes and boxes[0].width > 60
    analysis = face_models.analyze(astronaut, boxes[0], embed=True)
    assert analysis.landmarks.shape == (68, 2)
    assert analysis.embedding is not None and analysis.embedding.shape == (128,)


def test_face_verify_command_json() -> None:
    code, out = face_verify_command(
        str(DATA / "astronaut.jpg"), str(DATA / "grace_hopper.jpg"), as_json=True
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"match", "distance", "threshold"}
    assert data["match"] is False and data["distance"] > data["threshold"]
    code, out = face_verify_command(
        str(DATA / "astronaut.jpg"), str(DATA / "astronaut.jpg"), as_json=True
    )
    assert json.loads(out)["match"] is True


def test_face_verify_command_without_a_face(tmp_path: Path) -> None:
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), 128 * __import__("numpy").ones((200, 200, 3), "uint8"))
    code, out = face_verify_command(str(DATA / "astronaut.jpg"), str(blank), as_json=True)
    assert code == 2 and "probe" in out
