"""The serial scanner's line protocol: each code is text ended by CR, LF or CR LF.

Scanners send UTF-8 (or GB18030 on older models, chosen per site); an
over-long line means a lost terminator and is dropped rather than glued to
the next code. Errors are typed; the reader keeps going after them.
"""

from __future__ import annotations


class LineError(ValueError):
    """A line that is not a usable code."""


class LineTooLong(LineError):
    pass


class UndecodableLine(LineError):
    pass


class EmptyLine(LineError):
    pass


class LineReader:
    def __init__(self, *, encoding: str = "utf-8", max_length: int = 1024) -> None:
        self.encoding = encoding
        self.max_length = max_length
        self._buffer = bytearray()
        self._overflowed = False

    def feed(self, data: bytes) -> list[str | LineError]:
        """Codes completed by ``data`` and, in place, the errors of bad lines."""
        out: list[str | LineError] = []
        for byte in data:
            if byte in (0x0D, 0x0A):
                if self._overflowed:
                    out.append(LineTooLong(f"line over {self.max_length} bytes"))
                elif self._buffer:
                    out.append(self._decode(bytes(self._buffer)))
                self._buffer.clear()
                self._overflowed = False
                continue
            if len(self._buffer) >= self.max_length:
                self._overflowed = True
                continue
            self._buffer.append(byte)
        return out

    def _decode(self, raw: bytes) -> str | LineError:
        try:
            text = raw.decode(self.encoding)
        except UnicodeDecodeError:
            return UndecodableLine(f"not {self.encoding}")
        text = text.strip().strip("\x00")
        if not text or not text.isprintable():
            return (
                EmptyLine("blank or control characters only")
                if not text
                else UndecodableLine("control characters in code")
            )
        return text
