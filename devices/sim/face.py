"""A simulated face camera with 1:1 verification and liveness (人证核验)."""

from __future__ import annotations

from collections.abc import Mapping

from devices.base import (
    Completion,
    CompletionCode,
    FaceMatch,
    Image,
    Operation,
    Progress,
    Text,
)
from devices.sim._common import SimDevice, Wait

LOOK = Text("请正视摄像头", "Look at the camera")
HOLD_STILL = Text("请保持不动", "Hold still")

#: dlib-like distances: the same face sits well under the threshold, another well over it
MATCH_DISTANCE = 0.35
MISMATCH_DISTANCE = 0.72

#: Lets a consumer attach its event listener before the first Progress is sent.
_FIRST_PROMPT_AFTER_S = 0.05

MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.TIMEOUT: Text(
        "未检测到人脸，请正视摄像头后重试",
        "No face was seen, please look at the camera and try again",
    ),
    CompletionCode.INVALID_DATA: Text(
        "没有可比对的证件照片，请联系工作人员",
        "There is no photo to compare with, please ask staff",
    ),
    CompletionCode.FRAUD_ATTEMPT: Text("人脸核验未通过", "The face check did not pass"),
    CompletionCode.HARDWARE_ERROR: Text(
        "人脸摄像头故障，请联系工作人员", "The face camera has a fault, please ask staff for help"
    ),
}


class SimFaceVerifier(SimDevice):
    """``FaceVerifier`` that completes after ``delay`` seconds with a live match.

    The outcome is data, not a failure: a mismatch or a spoof completes with
    SUCCESS and ``FaceMatch(matched=False)`` / ``live=False``; the flow decides.
    ``require_reference``: refuse (INVALID_DATA) when no reference photo is given,
    as a real verifier must; the demo leaves it off.
    Controls: :meth:`next_result`, :meth:`fail_next`, :meth:`unplug` / :meth:`replug`.
    """

    def __init__(
        self,
        *,
        name: str = "face",
        delay: float = 0.8,
        threshold: float = 0.6,
        require_reference: bool = False,
    ) -> None:
        super().__init__(name, MESSAGES)
        self.delay = delay
        self.threshold = threshold
        self.require_reference = require_reference
        self._next_result: tuple[bool, bool] | None = None
        self._next_left = 0

    def next_result(self, matched: bool, live: bool = True, *, times: int = 1) -> None:
        """The outcome of the next verify (``times`` verifies; then back to a live match)."""
        with self._lock:
            self._next_result = (matched, live)
            self._next_left = times

    def verify(self, reference: Image | None, timeout: float) -> Operation[FaceMatch]:
        def precheck() -> Completion[FaceMatch] | None:
            if reference is None and self.require_reference:
                return self._failure(CompletionCode.INVALID_DATA, "no reference photo")
            return None

        return self._start("verify", timeout, self._verify, precheck=precheck)

    def _capabilities(self) -> Mapping[str, object]:
        return {"liveness": True, "threshold": self.threshold}

    def _verify(self, op: Operation[FaceMatch], deadline: float) -> Completion[FaceMatch]:
        first = min(_FIRST_PROMPT_AFTER_S, self.delay / 2)
        for prompt, seconds in ((LOOK, first), (HOLD_STILL, (self.delay - first) / 2)):
            waited = self._pause(op, seconds, deadline)
            if waited is not Wait.READY:
                return self._ended(waited)
            op.emit(Progress(self.name, prompt))
        waited = self._pause(op, (self.delay - first) / 2, deadline)
        if waited is not Wait.READY:
            return self._ended(waited)
        with self._lock:
            matched, live = self._next_result or (True, True)
            if self._next_result is not None:
                self._next_left -= 1
                if self._next_left <= 0:
                    self._next_result = None
        distance = MATCH_DISTANCE if matched else MISMATCH_DISTANCE
        return Completion.success(FaceMatch(matched, distance, self.threshold, live))
