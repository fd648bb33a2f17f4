"""Typed errors of the ID card protocol. Each carries a completion code and plain words.

Every problem the frame parser, the text decoder or the card checks can find
is one of these, so a caller (and the fuzz test) catches :class:`ProtocolError`
and nothing else. Messages never contain what the card says (personal data).
"""

from __future__ import annotations

from device_contracts import CompletionCode, Text, TypedDeviceError


class ProtocolError(TypedDeviceError):
    """Base of every ID card protocol problem (a hardware error unless a subclass says)."""

    text_default = Text(
        "身份证阅读器通信错误，请联系工作人员",
        "The ID card reader's reply could not be understood, please ask staff for help",
    )


class FrameError(ProtocolError):
    """The bytes on the line are not a well-formed frame (length, checksum, shape)."""


class ChecksumError(FrameError):
    # on a read this is nearly always a card moved off the field mid-transfer
    code_default = CompletionCode.INVALID_DATA
    text_default = Text(
        "身份证阅读器数据校验错误，请重新放置身份证",
        "The data from the ID card reader failed its checksum, please place the card again",
    )


class CardDataError(ProtocolError):
    """The frame was fine but the card's text or photo blocks are not readable."""

    code_default = CompletionCode.INVALID_DATA
    text_default = Text(
        "身份证信息无法识别，请重新放置身份证",
        "The card's information could not be read, please place the card again",
    )


class CardValidationError(ProtocolError):
    """The card was read but what it says does not hold together (check digit, birth, gender)."""

    code_default = CompletionCode.INVALID_DATA
    text_default = Text(
        "身份证信息核验未通过，请到人工窗口办理",
        "The ID card's information did not pass the checks, please go to a staffed counter",
    )


class ReaderTimeoutError(ProtocolError):
    """The SAM did not answer a command in time."""

    code_default = CompletionCode.HARDWARE_ERROR
    text_default = Text(
        "身份证阅读器无响应，请联系工作人员",
        "The ID card reader did not answer, please ask staff for help",
    )


class PortError(ProtocolError):
    """The serial port is missing or failed (unplugged, no permission)."""

    code_default = CompletionCode.DEVICE_NOT_READY
    text_default = Text(
        "身份证阅读器未连接，请联系工作人员",
        "The ID card reader is not connected, please ask staff for help",
    )
