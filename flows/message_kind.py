"""The kind of a journey's message: most of what a flow puts on its message line says
that something went wrong or must be done again (an error, shown in red), but some of
it only informs: a clerk's note from a video call, pages being read. The flow says
which where it makes the message, by making an :class:`Information`; the UI shows
those calmly and everything else as an error."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from device_contracts import Text


class MessageKind(enum.StrEnum):
    """As the UI's banner names its two looks."""

    ERROR = "error"
    INFO = "info"


@dataclass(frozen=True)
class Information(Text):
    """A message that informs: nothing went wrong and nothing is refused."""


def kind_of(message: Text | None) -> MessageKind:
    return MessageKind.INFO if isinstance(message, Information) else MessageKind.ERROR
