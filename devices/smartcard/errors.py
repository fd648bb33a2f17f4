"""Typed errors of the PC/SC staff-card reader, each with a completion code and plain words.

Three families: the PC/SC layer (``pcscd`` not running, reader missing, no
card, card pulled mid-read), the card's status words (SW1 SW2 of every APDU,
mapped by :func:`status_error`) and the staff record itself (malformed,
expired). Callers catch :class:`SmartCardError` and nothing else; messages
never contain what the card holds.
"""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import CompletionCode, Text, TypedDeviceError


class SmartCardError(TypedDeviceError):
    """Base of every staff-card reader problem (a hardware error unless a subclass says)."""

    text_default = Text(
        "工作证读卡器故障，请联系技术人员",
        "The staff card reader has a fault, please call a technician",
    )


# --------------------------------------------------------------------------- PC/SC layer


class ServiceUnavailable(SmartCardError):
    """``pcscd`` is not running or stopped under us (the whole PC/SC stack is gone)."""

    code_default = CompletionCode.DEVICE_NOT_READY
    text_default = Text(
        "智能卡服务（pcscd）未运行，请联系技术人员",
        "The smart card service (pcscd) is not running, please call a technician",
    )


class ReaderUnavailable(SmartCardError):
    """No reader matching the configured name (unplugged, or never plugged in)."""

    code_default = CompletionCode.DEVICE_NOT_READY
    text_default = Text(
        "工作证读卡器未连接，请联系技术人员",
        "The staff card reader is not connected, please call a technician",
    )


class NoCard(SmartCardError):
    code_default = CompletionCode.NO_MEDIA
    text_default = Text(
        "未检测到工作证，请将工作证插入或放在读卡器上",
        "No staff card was found, please insert it or lay it on the reader",
    )


class CardRemovedError(SmartCardError):
    """The card left the reader while it was being read."""

    code_default = CompletionCode.NO_MEDIA
    text_default = Text(
        "工作证在读取时被移开，请重新放置",
        "The staff card was taken away while it was read, please present it again",
    )


class CardUnresponsive(SmartCardError):
    """A card is there but does not answer (wrong way round, dirty contacts, not a smart card)."""

    code_default = CompletionCode.INVALID_DATA
    text_default = Text(
        "无法读取此卡，请确认是工作证并正确放置",
        "This card cannot be read, please check it is a staff card and present it properly",
    )


class ReaderBusy(SmartCardError):
    """Another program holds the card exclusively."""

    code_default = CompletionCode.DEVICE_NOT_READY
    text_default = Text(
        "工作证读卡器正忙，请稍后再试", "The staff card reader is busy, please try again shortly"
    )


# --------------------------------------------------------------------------- status words


class StatusWordError(SmartCardError):
    """The card answered an APDU with an error status word (``sw``, e.g. 0x6A82)."""

    code_default = CompletionCode.INVALID_DATA
    text_default = Text(
        "工作证拒绝了读卡器的指令，请联系技术人员",
        "The staff card refused the reader's command, please call a technician",
    )

    def __init__(self, sw: int, command: str, message: Text | None = None) -> None:
        self.sw = sw
        self.command = command
        super().__init__(f"{command}: SW {sw:04X} ({sw_name(sw)})", message)


class NotAStaffCard(StatusWordError):
    """SELECT by AID failed (6A82): the card has no staff-card application."""

    text_default = Text(
        "这张卡不是本中心的工作证", "This card is not a staff card of this service centre"
    )


class FileNotFound(StatusWordError):
    """6A82 on READ BINARY: the staff record file is missing (an unpersonalised card)."""

    text_default = Text(
        "工作证上没有人员信息，请联系技术人员",
        "The staff card holds no staff record, please call a technician",
    )


class WrongParameters(StatusWordError):
    """6B00 / 6A86: an offset or parameter outside what the card has."""


class WrongLength(StatusWordError):
    """6700: Lc or Le not accepted."""


class InstructionNotSupported(StatusWordError):
    """6D00: the card does not know the instruction."""


class ClassNotSupported(StatusWordError):
    """6E00: the card does not know the class byte."""


class SecurityNotSatisfied(StatusWordError):
    """6982 / 6985 / 6986: the card wants something first (selection, authentication)."""

    text_default = Text(
        "工作证不允许读取，请联系技术人员",
        "The staff card does not allow reading, please call a technician",
    )


class CardBlocked(StatusWordError):
    """6283 / 6A81: the application is locked or invalidated on the card."""

    text_default = Text(
        "此工作证已停用，请联系管理员",
        "This staff card has been disabled, please ask an administrator",
    )


# --------------------------------------------------------------------------- the record


class RecordError(SmartCardError):
    """The staff record was read but is not a well-formed record of a known version."""

    code_default = CompletionCode.INVALID_DATA
    text_default = Text(
        "工作证信息无法识别，请联系技术人员",
        "The staff card's record could not be understood, please call a technician",
    )


class CardExpired(RecordError):
    text_default = Text(
        "此工作证已过有效期，请联系管理员",
        "This staff card has expired, please ask an administrator",
    )


# --------------------------------------------------------------------------- mapping

_SW_NAMES: Mapping[int, str] = {
    0x9000: "ok",
    0x6282: "end of file before Le bytes",
    0x6283: "selected file invalidated",
    0x6700: "wrong length",
    0x6981: "command incompatible with file structure",
    0x6982: "security status not satisfied",
    0x6985: "conditions of use not satisfied",
    0x6986: "command not allowed (no current EF)",
    0x6A81: "function not supported / application blocked",
    0x6A82: "file or application not found",
    0x6A86: "incorrect P1-P2",
    0x6B00: "wrong parameters (offset outside the EF)",
    0x6D00: "instruction not supported",
    0x6E00: "class not supported",
    0x6F00: "no precise diagnosis",
}

_SW_ERRORS: Mapping[int, type[StatusWordError]] = {
    0x6283: CardBlocked,
    0x6A81: CardBlocked,
    0x6700: WrongLength,
    0x6981: SecurityNotSatisfied,
    0x6982: SecurityNotSatisfied,
    0x6985: SecurityNotSatisfied,
    0x6986: SecurityNotSatisfied,
    0x6A82: FileNotFound,
    0x6A86: WrongParameters,
    0x6B00: WrongParameters,
    0x6D00: InstructionNotSupported,
    0x6E00: ClassNotSupported,
}


def sw_name(sw: int) -> str:
    if sw in _SW_NAMES:
        return _SW_NAMES[sw]
    if sw >> 8 == 0x61:
        return f"{sw & 0xFF} more bytes available"
    if sw >> 8 == 0x6C:
        return f"wrong Le, card has {sw & 0xFF} bytes"
    if sw >> 4 == 0x63C:
        return f"verification failed, {sw & 0xF} tries left"
    return "unknown status"


def status_error(sw: int, command: str) -> StatusWordError:
    """The typed error for an error status word answering ``command`` ("SELECT", "READ BINARY")."""
    if sw == 0x6A82 and command == "SELECT":
        return NotAStaffCard(sw, command)
    cls = _SW_ERRORS.get(sw, StatusWordError)
    return cls(sw, command)
