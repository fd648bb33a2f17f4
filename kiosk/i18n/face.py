"""The live face check's strings: each step and hint the camera reports
(:class:`device_contracts.FacePrompt`), on screen and as voice prompts (issue 18)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

FACE_STRINGS: Mapping[str, T] = {
    # the step, large, beside the live picture
    "face.step.look": T("请看镜头", "Look at the camera"),
    "face.step.blink": T("请眨眨眼", "Please blink"),
    "face.step.turn_left": T("请向左转头", "Turn your head to the left"),
    "face.step.turn_right": T("请向右转头", "Turn your head to the right"),
    "face.step.verifying": T("核验中，请稍候…", "Checking, one moment…"),
    # what the camera cannot see well (shown under the step)
    "face.hint.no_face": T("没有看到人脸，请正对摄像头", "No face seen: please face the camera"),
    "face.hint.two_faces": T(
        "画面中有多个人，请一人核验", "More than one person: one person at a time, please"
    ),
    "face.hint.too_far": T("请靠近一些", "Please come a little closer"),
    "face.hint.too_dark": T("光线太暗，请正对灯光", "Too dark: please face the light"),
    "face.hint.covered": T("请勿遮挡面部或摄像头", "Please do not cover your face or the camera"),
    # the progress mark: challenges met of all
    "face.progress": T("动作 {done}/{total}", "Step {done} of {total} done"),
    # spoken when the step changes
    "voice.face_step.look": T("请看镜头", "Please look at the camera"),
    "voice.face_step.blink": T("请眨眨眼", "Please blink"),
    "voice.face_step.turn_left": T("请向左转头", "Please turn your head to the left"),
    "voice.face_step.turn_right": T("请向右转头", "Please turn your head to the right"),
    "voice.face_step.verifying": T("正在核验，请稍候", "Checking, one moment"),
}
