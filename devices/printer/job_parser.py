"""Reads ESC/POS jobs back into drawing operations (for the preview and the tests).

It understands the commands :mod:`devices.printer.encoder` emits, plus the
harmless common ones (``ESC t``, ``ESC !``, ``DLE EOT``). Anything else, or
a command cut short, is a :class:`JobParseError`, never another exception.
"""

from __future__ import annotations

from dataclasses import dataclass


class JobParseError(ValueError):
    """The bytes are not an ESC/POS job this parser understands."""


class TruncatedCommand(JobParseError):
    pass


class UnsupportedCommand(JobParseError):
    pass


@dataclass(frozen=True)
class TextRun:
    text: str


@dataclass(frozen=True)
class NewLine:
    pass


@dataclass(frozen=True)
class SetAlign:
    center: bool  # right alignment is drawn as centre


@dataclass(frozen=True)
class SetBold:
    on: bool


@dataclass(frozen=True)
class SetLarge:
    on: bool


@dataclass(frozen=True)
class Feed:
    lines: int


@dataclass(frozen=True)
class QrCode:
    data: bytes
    module: int


@dataclass(frozen=True)
class Cut:
    pass


Op = TextRun | NewLine | SetAlign | SetBold | SetLarge | Feed | QrCode | Cut


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        if self.pos + n > len(self.data):
            raise TruncatedCommand(f"command cut short at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]


def parse_job(data: bytes) -> list[Op]:
    reader = _Reader(bytes(data))
    ops: list[Op] = []
    chinese = False
    text = bytearray()
    qr_module = 6
    qr_data: bytes | None = None

    def flush_text() -> None:
        if text:
            ops.append(TextRun(bytes(text).decode("gb18030" if chinese else "cp437", "replace")))
            text.clear()

    while reader.pos < len(reader.data):
        b = reader.byte()
        if b >= 0x20 or b == 0x09:
            text.append(b)
            continue
        flush_text()
        if b == 0x0A:
            ops.append(NewLine())
        elif b == 0x0D:
            pass
        elif b == 0x1B:  # ESC
            cmd = reader.byte()
            if cmd == 0x40:  # ESC @
                chinese = False
                ops.extend([SetAlign(False), SetBold(False), SetLarge(False)])
            elif cmd == 0x61:  # ESC a n
                n = reader.byte()
                ops.append(SetAlign(n in (1, 2, 0x31, 0x32)))
            elif cmd == 0x45:  # ESC E n
                ops.append(SetBold(bool(reader.byte() & 1)))
            elif cmd == 0x64:  # ESC d n
                ops.append(Feed(reader.byte()))
            elif cmd in (0x74, 0x21, 0x4D, 0x32):  # ESC t n, ESC ! n, ESC M n, ESC 2
                if cmd != 0x32:
                    reader.byte()
            else:
                raise UnsupportedCommand(f"ESC {cmd:#04x}")
        elif b == 0x1D:  # GS
            cmd = reader.byte()
            if cmd == 0x21:  # GS ! n
                ops.append(SetLarge(reader.byte() != 0))
            elif cmd == 0x56:  # GS V m [n]
                m = reader.byte()
                if m in (0x41, 0x42, 65, 66, 97, 98, 103, 104):
                    reader.byte()
                elif m not in (0, 1, 0x30, 0x31):
                    raise UnsupportedCommand(f"GS V {m:#04x}")
                ops.append(Cut())
            elif cmd == 0x28:  # GS ( k pL pH cn fn ...
                if reader.byte() != 0x6B:
                    raise UnsupportedCommand("GS ( other than GS ( k")
                p_l, p_h = reader.take(2)
                body = reader.take(p_l | p_h << 8)
                if len(body) < 2 or body[0] != 0x31:
                    raise UnsupportedCommand("GS ( k for a symbol other than QR")
                fn = body[1]
                if fn == 0x43 and len(body) >= 3:
                    qr_module = max(1, min(body[2], 16))
                elif fn == 0x50 and len(body) >= 3:
                    qr_data = bytes(body[3:])
                elif fn == 0x51:
                    if qr_data is None:
                        raise JobParseError("QR print without stored data")
                    ops.append(QrCode(qr_data, qr_module))
            else:
                raise UnsupportedCommand(f"GS {cmd:#04x}")
        elif b == 0x1C:  # FS
            cmd = reader.byte()
            if cmd == 0x26:
                chinese = True
            elif cmd == 0x2E:
                chinese = False
            elif cmd == 0x21:  # FS ! n: Chinese character size, follows GS !
                reader.byte()
            else:
                raise UnsupportedCommand(f"FS {cmd:#04x}")
        elif b == 0x10:  # DLE EOT n: a status query, prints nothing
            if reader.byte() != 0x04:
                raise UnsupportedCommand("DLE other than DLE EOT")
            reader.byte()
        else:
            raise UnsupportedCommand(f"control byte {b:#04x}")
    flush_text()
    return ops
