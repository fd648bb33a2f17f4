"""The face-failed screen after the last try (issue 19 item 2) says why, once, with the
one next step, and has no dead 再试一次 button.

Before: the reason read "多次核验未通过，请联系工作人员" whatever happened, the line
below said "已无重试机会，请联系工作人员" again, and a greyed "再试一次" stayed on the page."""

from __future__ import annotations

import pytest

from device_contracts import Completion, CompletionCode, FaceMatch, Text
from tests.fakes.devices import NO_MATCH
from tests.ui.conftest import UiEnv
from tests.ui.test_screens_pickup import at_consent

NOT_LIVE = FaceMatch(matched=True, distance=0.2, threshold=0.6, live=False)
NO_FACE = Completion[FaceMatch].failure(
    CompletionCode.TIMEOUT, Text("未检测到人脸，请正视摄像头后重试", "No face was seen")
)

CASES = {
    "not_the_same_person": (Completion.success(NO_MATCH), "不是同一人", "did not match"),
    "not_live": (Completion.success(NOT_LIVE), "活体", "liveness"),
    "no_face": (NO_FACE, "没有找到人脸", "found no face"),
}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("cause", list(CASES))
def test_no_tries_left_says_why_once_with_the_next_step(ui: UiEnv, lang: str, cause: str) -> None:
    result, zh_why, en_why = CASES[cause]
    ui.devices.face.verifies.push(*[result] * 3)
    w = at_consent(ui, lang, False)
    ui.click(w, "btn_consent_agree")
    ui.wait(lambda: w.current_screen_name() == "screen_face_failed", timeout=10000)
    assert w.find_button("btn_retry") is None, "no dead retry button"
    assist = w.find_button("btn_face_assist")
    assert assist is not None and assist.isEnabled()
    reason = ui.label(w, "face_failed_reason").text()
    step = ui.label(w, "face_attempts").text()
    assert (zh_why if lang == "zh" else en_why) in reason, reason
    staff = "工作人员" if lang == "zh" else "staff"
    page = (reason + step).replace(assist.text(), "")
    assert page.count(staff) == 1, f"the next step said once: {page}"
    assert assist.text() in step, "the step names the button that takes it"
    assert "重试" not in reason and "try again" not in reason.lower()
    assert w.banner.isHidden() or not w.banner.text(), "not said again in a banner"
    ui.shot(w, f"face_failed_final-{cause}-{lang}")
