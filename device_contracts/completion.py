"""How a device command ended: a :class:`Completion` with its :class:`CompletionCode`
(XFS4IoT's codes), and the :class:`DeviceError` that carries a failed one."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from device_contracts.text import Text

T = TypeVar("T")


class CompletionCode(enum.StrEnum):
    SUCCESS = "success"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    DEVICE_NOT_READY = "device_not_ready"
    HARDWARE_ERROR = "hardware_error"
    INVALID_DATA = "invalid_data"
    FRAUD_ATTEMPT = "fraud_attempt"
    NO_MEDIA = "no_media"
    UNSUPPORTED = "unsupported"


#: Plain words shown when an adapter gives no more specific message.
DEFAULT_MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.SUCCESS: Text("完成", "Done"),
    CompletionCode.CANCELLED: Text("已取消", "Cancelled"),
    CompletionCode.TIMEOUT: Text("等待超时，请重试", "Timed out, please try again"),
    CompletionCode.DEVICE_NOT_READY: Text(
        "设备未就绪，请联系工作人员", "The device is not ready, please ask staff for help"
    ),
    CompletionCode.HARDWARE_ERROR: Text(
        "设备故障，请联系工作人员", "The device has a fault, please ask staff for help"
    ),
    CompletionCode.INVALID_DATA: Text(
        "读取的数据无效，请重试", "The data read was invalid, please try again"
    ),
    CompletionCode.FRAUD_ATTEMPT: Text("核验未通过", "Verification failed"),
    CompletionCode.NO_MEDIA: Text("未检测到卡片或纸张", "No card or paper was found"),
    CompletionCode.UNSUPPORTED: Text("该设备不支持此操作", "This device cannot do that"),
}


@dataclass(frozen=True)
class Completion(Generic[T]):
    """How a command ended. ``value`` is set only on success.

    ``detail`` is for the log and must never hold personal data.
    """

    code: CompletionCode
    value: T | None = None
    message: Text | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.code is CompletionCode.SUCCESS

    @property
    def text(self) -> Text:
        return self.message or DEFAULT_MESSAGES[self.code]

    @classmethod
    def success(cls, value: T) -> Completion[T]:
        return cls(CompletionCode.SUCCESS, value)

    @classmethod
    def failure(
        cls, code: CompletionCode, message: Text | None = None, detail: str = ""
    ) -> Completion[T]:
        if code is CompletionCode.SUCCESS:
            raise ValueError("a failure cannot have the code SUCCESS")
        return cls(code, None, message, detail)

    def unwrap(self) -> T:
        if not self.ok or self.value is None:
            raise DeviceError(self.code, self.text, self.detail)
        return self.value


class DeviceError(Exception):
    """A device command that did not succeed, carrying its completion code."""

    def __init__(self, code: CompletionCode, message: Text | None = None, detail: str = "") -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code.value}: {detail or self.message.en}")


class TypedDeviceError(DeviceError):
    """Base of an adapter's own errors: the class says the completion code and the plain
    words, so one is raised with its log-safe detail alone (or with other words)."""

    code_default: CompletionCode = CompletionCode.HARDWARE_ERROR
    text_default: Text = DEFAULT_MESSAGES[CompletionCode.HARDWARE_ERROR]

    def __init__(self, detail: str, message: Text | None = None) -> None:
        super().__init__(self.code_default, message or self.text_default, detail)
