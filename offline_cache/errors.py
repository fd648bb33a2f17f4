"""The client's error vocabulary on top of the flows' PlatformError/PlatformUnavailable.

``PlatformRejected`` keeps the HTTP status and the platform's error code so the
outbox can tell "never send this again" from "try later".
"""

from __future__ import annotations

from device_contracts import Text
from flows.ports import PlatformError, PlatformUnavailable

UNREACHABLE = Text(
    "暂时无法连接政务服务平台，请稍后再试",
    "The government service platform cannot be reached right now; please try again later",
)
PLATFORM_FAULT = Text(
    "政务服务平台暂时出现故障，请稍后再试",
    "The government service platform has a problem right now; please try again later",
)
UNEXPECTED_ANSWER = Text(
    "政务服务平台返回了无法识别的内容，请联系工作人员",
    "The government service platform gave an answer we could not read; please ask staff",
)
NOT_AUTHORISED = Text(
    "本终端未获平台授权，请联系工作人员",
    "This terminal is not authorised by the platform; please ask staff",
)

#: statuses after which resending the same request can never succeed
_PERMANENT = frozenset({400, 404, 409, 410, 411, 413, 422})


class PlatformRejected(PlatformError):
    """The platform answered with a 4xx."""

    def __init__(self, message: Text, status: int, code: str) -> None:
        super().__init__(message, detail=f"{status} {code}")
        self.status = status
        self.code = code

    @property
    def permanent(self) -> bool:
        return self.status in _PERMANENT


def unavailable(detail: str, message: Text = UNREACHABLE) -> PlatformUnavailable:
    return PlatformUnavailable(message, detail)
