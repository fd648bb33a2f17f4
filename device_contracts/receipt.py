"""A device-neutral receipt: the printer adapter decides the bytes."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class ReceiptAlign(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class ReceiptLine:
    text: str
    bold: bool = False
    large: bool = False
    align: ReceiptAlign = ReceiptAlign.LEFT


@dataclass(frozen=True)
class Receipt:
    """A device-neutral receipt: the printer adapter decides the bytes."""

    lines: tuple[ReceiptLine, ...]
    qr: str | None = None
    cut: bool = True

    def plain_text(self) -> str:
        return "\n".join(line.text for line in self.lines)
