"""SW3, the SAM's status byte: every code GA 467 defines, as a typed error with plain words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from device_contracts import CompletionCode, Text
from devices.idcard.errors import ProtocolError

OK = 0x90
FIELD_EMPTY = 0x91
CARD_FOUND = 0x9F
NO_CARD = 0x80
SELECT_FAILED = 0x81


@dataclass(frozen=True)
class Sw3Info:
    name: str  # log-safe identifier
    code: CompletionCode
    text: Text


_STAFF = "，请联系工作人员"
_STAFF_EN = ", please ask staff for help"

SW3_TABLE: Mapping[int, Sw3Info] = {
    0x90: Sw3Info("ok", CompletionCode.SUCCESS, Text("操作成功", "Done")),
    0x91: Sw3Info(
        "field_empty",
        CompletionCode.INVALID_DATA,
        Text("身份证上没有此项内容", "The card holds nothing for that item"),
    ),
    0x9F: Sw3Info("card_found", CompletionCode.SUCCESS, Text("已找到身份证", "ID card found")),
    0x10: Sw3Info(
        "checksum",
        CompletionCode.HARDWARE_ERROR,
        Text(
            "阅读器收到的数据校验和错误" + _STAFF,
            "The reader got data with a bad checksum" + _STAFF_EN,
        ),
    ),
    0x11: Sw3Info(
        "length",
        CompletionCode.HARDWARE_ERROR,
        Text(
            "阅读器收到的数据长度错误" + _STAFF,
            "The reader got data of the wrong length" + _STAFF_EN,
        ),
    ),
    0x21: Sw3Info(
        "command",
        CompletionCode.HARDWARE_ERROR,
        Text("阅读器不认识此命令" + _STAFF, "The reader did not accept the command" + _STAFF_EN),
    ),
    0x23: Sw3Info(
        "not_permitted",
        CompletionCode.HARDWARE_ERROR,
        Text(
            "阅读器拒绝了越权操作" + _STAFF,
            "The reader refused an operation it does not allow" + _STAFF_EN,
        ),
    ),
    0x24: Sw3Info(
        "unrecognised_error",
        CompletionCode.HARDWARE_ERROR,
        Text(
            "阅读器发生无法识别的错误" + _STAFF, "The reader reported an unknown error" + _STAFF_EN
        ),
    ),
    0x31: Sw3Info(
        "card_auth_reader_failed",
        CompletionCode.INVALID_DATA,
        Text(
            "身份证认证阅读器失败，请重新放置身份证",
            "The card did not accept the reader, please place it again",
        ),
    ),
    0x32: Sw3Info(
        "verify_failed",
        CompletionCode.INVALID_DATA,
        Text(
            "身份证信息验证错误，请重新放置身份证",
            "The card's information failed verification, please place it again",
        ),
    ),
    0x33: Sw3Info(
        "reader_auth_card_failed",
        CompletionCode.FRAUD_ATTEMPT,
        Text(
            "阅读器认证身份证失败，请到人工窗口办理",
            "The reader could not authenticate the card, please go to a staffed counter",
        ),
    ),
    0x40: Sw3Info(
        "unknown_card",
        CompletionCode.INVALID_DATA,
        Text(
            "无法识别的卡片，请放置本人有效身份证件",
            "This card is not recognised, please place your own valid ID card",
        ),
    ),
    0x41: Sw3Info(
        "read_failed",
        CompletionCode.INVALID_DATA,
        Text(
            "读卡失败，请放稳身份证后重试",
            "The card could not be read, hold it still and try again",
        ),
    ),
    0x47: Sw3Info(
        "random_failed",
        CompletionCode.INVALID_DATA,
        Text(
            "读卡失败（取随机数失败），请重新放置身份证",
            "The card could not be read (random number), please place it again",
        ),
    ),
    0x60: Sw3Info(
        "sam_self_test_failed",
        CompletionCode.HARDWARE_ERROR,
        Text(
            "身份证阅读器安全模块自检失败" + _STAFF,
            "The reader's security module failed its self-test" + _STAFF_EN,
        ),
    ),
    0x66: Sw3Info(
        "sam_not_authorised",
        CompletionCode.HARDWARE_ERROR,
        Text(
            "身份证阅读器安全模块未经授权" + _STAFF,
            "The reader's security module is not authorised" + _STAFF_EN,
        ),
    ),
    0x80: Sw3Info(
        "no_card",
        CompletionCode.NO_MEDIA,
        Text(
            "未检测到身份证，请将身份证放在感应区",
            "No ID card was found, please place it on the reader",
        ),
    ),
    0x81: Sw3Info(
        "select_failed",
        CompletionCode.INVALID_DATA,
        Text(
            "选取身份证失败，请放稳身份证后重试",
            "The card could not be selected, hold it still and try again",
        ),
    ),
}


class SamStatusError(ProtocolError):
    """The SAM answered with a status other than the one the command succeeds on."""

    def __init__(self, sw3: int, command: str) -> None:
        info = SW3_TABLE.get(sw3)
        self.sw3 = sw3
        if info is None:
            self.code_default = CompletionCode.HARDWARE_ERROR
            super().__init__(f"{command}: unknown SW3 {sw3:02X}")
            return
        if info.code is CompletionCode.SUCCESS:  # a success code where another was due
            self.code_default = CompletionCode.HARDWARE_ERROR
            super().__init__(f"{command}: unexpected SW3 {sw3:02X} {info.name}")
            return
        self.code_default = info.code
        super().__init__(f"{command}: SW3 {sw3:02X} {info.name}", info.text)


def sw3_name(sw3: int) -> str:
    info = SW3_TABLE.get(sw3)
    return info.name if info else f"unknown_{sw3:02X}"
