"""The kiosk process never loads a dlib model (issue 18, ADR 0007): dlib's loaders hold
the interpreter lock for their whole run (the 68 landmarks 0.6-0.8 s), which froze the
attract screen while the models warmed up. A whole face check -- reference photo,
detection, landmarks, liveness, embeddings -- runs here in a child process standing in
for the kiosk, with the vision helper as the kiosk has it; an audit hook in that child
reports any import of dlib there, and the helper is asked whether it has dlib."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from kiosk.paths import PROJECT_ROOT
from vision.imaging import Pixels

#: a stand-in for the kiosk: an obedient simulated resident through the real verifier
KIOSK = """
import json, sys

imported = []


def helper_has_dlib():
    return "dlib" in sys.modules


def main():
    def hook(event, args):
        if event == "import" and str(args[0]).split(".")[0] == "dlib":
            imported.append(str(args[0]))

    sys.addaudithook(hook)
    from device_contracts import FacePrompt
    from devices.camera.face_verifier import DlibFaceVerifier
    from devices.camera.sim_faces import sample_reference_photo
    from devices.camera.sim_person import SimulatedPerson, sample_portrait
    from vision.face import get_models
    from vision.liveness import Challenge
    from vision.worker import get_worker

    get_models().warm_up()  # what the kiosk's warm-up thread does after the first paint
    person = SimulatedPerson(sample_portrait())
    verifier = DlibFaceVerifier(
        lambda: person.source(realtime=False),
        challenges=(Challenge.BLINK, Challenge.TURN_LEFT),
        step_s=3.0,
    )
    verifier.open()
    steps = []

    def on_event(event):
        if isinstance(event, FacePrompt) and (not steps or steps[-1] != event.step):
            steps.append(event.step)
            person.act(event.step)

    op = verifier.verify(sample_reference_photo(), timeout=120.0)
    op.add_event_listener(on_event)
    done = op.result(timeout=125.0)
    verifier.close()
    print(json.dumps({
        "code": done.code.name,
        "matched": bool(done.value and done.value.matched),
        "live": bool(done.value and done.value.live),
        "steps": [str(s) for s in steps],
        "kiosk_imported": imported + (["dlib"] if "dlib" in sys.modules else []),
        "helper_has_dlib": get_worker().call(helper_has_dlib),
    }), flush=True)


if __name__ == "__main__":  # not when the spawned helper imports this file
    main()
"""


def test_a_whole_face_check_loads_no_dlib_model_in_the_kiosk_process(tmp_path: Path) -> None:
    script = tmp_path / "kiosk_stand_in.py"
    script.write_text(KIOSK, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(PROJECT_ROOT))
    env.pop("KIOSK_VISION_IN_PROCESS", None)  # as the kiosk runs: with the helper
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=240
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    # the check itself worked: the same person, alive, through every prompt
    assert got["code"] == "SUCCESS" and got["matched"] and got["live"], got
    assert got["steps"][:3] == ["look", "blink", "turn_left"], got
    # ... with every model in the helper process, none in the kiosk's
    assert got["helper_has_dlib"] is True
    assert got["kiosk_imported"] == [], got


def test_the_helper_gives_what_the_models_give_in_process(astronaut: Pixels) -> None:
    """A face camera's 1280x720 frame goes to the helper whole: the same boxes, the same 68
    points and the same 128 numbers as the models loaded here. (Sent as a 640-px copy, the
    detector, resampled twice, saw a second face in this very frame.)"""
    import cv2
    import numpy as np

    from vision.face_analysis import ALWAYS
    from vision.face_helper import HelperFaceModels
    from vision.face_models import FaceModels

    frame = cv2.copyMakeBorder(
        astronaut, 104, 104, 384, 384, cv2.BORDER_CONSTANT, value=(128, 128, 128)
    )
    frame = cv2.resize(frame, (1280, 720), interpolation=cv2.INTER_CUBIC)
    here = FaceModels().analyse_frame(frame.copy(), embed=ALWAYS, lone=True)
    there = HelperFaceModels().analyse_frame(frame.copy(), embed=ALWAYS, lone=True)
    assert here.face is not None and there.face is not None, (here, there)
    assert there.boxes == here.boxes
    assert np.array_equal(there.face.landmarks, here.face.landmarks)
    assert here.face.embedding is not None and there.face.embedding is not None
    assert float(np.linalg.norm(here.face.embedding - there.face.embedding)) < 1e-6


def test_a_frame_over_the_limit_comes_back_in_its_own_pixels(astronaut: Pixels) -> None:
    """A 2560-px frame is sent at 1280 px: the box and the points come back in the
    frame's own coordinates, where the models run on the frame itself put them."""
    import cv2
    import numpy as np

    from vision.face_helper import SEND_LONG_SIDE, HelperFaceModels
    from vision.face_models import FaceModels

    big = cv2.resize(astronaut, (2560, 2560), interpolation=cv2.INTER_CUBIC)
    assert max(big.shape[:2]) > SEND_LONG_SIDE
    here = FaceModels().analyse_frame(big.copy(), embed=None)
    there = HelperFaceModels().analyse_frame(big.copy(), embed=None)
    assert here.face is not None and there.face is not None
    assert there.face.embedding is None
    assert abs(there.boxes[0].left - here.boxes[0].left) < 16
    assert abs(there.boxes[0].width - here.boxes[0].width) < 32
    assert float(np.abs(there.face.landmarks - here.face.landmarks).mean()) < 6.0


def test_the_helper_embeds_only_a_face_turned_back_when_told_so(astronaut: Pixels) -> None:
    """``EmbedWhen(centre, within)``: decided in the helper from the landmarks, so the
    face check needs one round trip a frame even while it waits for a frontal face."""
    from vision.face_analysis import EmbedWhen
    from vision.face_helper import HelperFaceModels
    from vision.landmarks import yaw_ratio

    models = HelperFaceModels()
    first = models.analyse_frame(astronaut, embed=None).face
    assert first is not None
    yaw = yaw_ratio(first.landmarks)
    near = models.analyse_frame(astronaut, embed=EmbedWhen(yaw, 0.04)).face
    far = models.analyse_frame(astronaut, embed=EmbedWhen(yaw + 0.5, 0.04)).face
    assert near is not None and near.embedding is not None
    assert far is not None and far.embedding is None
