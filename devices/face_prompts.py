"""The words of a face check, the same whichever face device runs it (the camera's or the
simulation's): its steps and hints (:class:`device_contracts.FacePrompt`; screens use
their own strings, keyed by the step and hint, and these only for listeners that read
:class:`~device_contracts.Progress`), and why a check could not be made."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import FaceHint, FacePrompt, FaceStep, Text

STEP_TEXT: Mapping[FaceStep, Text] = {
    FaceStep.LOOK: Text("请正视摄像头", "Look at the camera"),
    FaceStep.BLINK: Text("请眨眨眼", "Please blink"),
    FaceStep.TURN_LEFT: Text("请向左转头", "Please turn your head to the left"),
    FaceStep.TURN_RIGHT: Text("请向右转头", "Please turn your head to the right"),
    FaceStep.VERIFYING: Text("核验中，请稍候", "Checking, one moment"),
}

HINT_TEXT: Mapping[FaceHint, Text] = {
    FaceHint.NO_FACE: Text("未检测到人脸，请正对摄像头", "No face seen: face the camera"),
    FaceHint.TWO_FACES: Text("画面中有多张人脸，请一人核验", "More than one face: one person only"),
    FaceHint.TOO_FAR: Text("请靠近一些", "Please come a little closer"),
    FaceHint.TOO_DARK: Text("光线太暗", "It is too dark"),
    FaceHint.COVERED: Text("请勿遮挡面部或镜头", "Do not cover your face or the camera"),
}


def face_prompt(
    device: str, step: FaceStep, hint: FaceHint | None = None, done: int = 0, total: int = 0
) -> FacePrompt:
    """The prompt event, its ``message`` the hint's words when there is one."""
    message = HINT_TEXT[hint] if hint is not None else STEP_TEXT[step]
    return FacePrompt(device, message, step, hint, done, total)


# ------------------------------------------------------------ why a check could not be made
NO_REFERENCE = Text(
    "没有可比对的证件照片，请联系工作人员", "There is no photo to compare with, please ask staff"
)
NO_FACE_SEEN = Text(
    "未检测到人脸，请正视摄像头后重试",
    "No face was seen, please look at the camera and try again",
)
CAMERA_FAULT = Text(
    "人脸摄像头故障，请联系工作人员", "The face camera has a fault, please ask staff for help"
)
