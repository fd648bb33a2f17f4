"""The video call with a back-office clerk (远程视频, issue 21 item 1) as the kiosk's
flow needs it: a port that ``video_link`` implements over WebRTC and the platform's
signalling, and that tests fake in memory.

What crosses it is plain data: the case draft's summary the clerk sees (the matter,
the step, the materials' names and whether each is in hand, never a name, an ID
number or a page), the call's events, and decoded video frames. No aiortc, Qt or
network type appears here (``flows`` imports only ``device_contracts``).

Threads: :meth:`VideoCallPort.start` and :meth:`VideoCallPort.hang_up` return at once;
the work runs on the adapter's own threads, and its events reach the listener given
to ``start`` on any thread (the flow posts each to its loop). Frames reach the sinks
on any thread too (the screen hands them to the GUI thread itself).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from device_contracts import Text

__all__ = [
    "CallBrief",
    "CallEvent",
    "CallEventKind",
    "CallListener",
    "FrameSink",
    "MaterialBrief",
    "MaterialState",
    "VideoCallPort",
    "VideoFrame",
]


class MaterialState(enum.StrEnum):
    """Where one of the matter's materials stands in the draft when the call starts."""

    IN_HAND = "in_hand"  # photographed, uploaded, or an e-licence
    DEFERRED = "deferred"  # handed in later (容缺)
    MISSING = "missing"  # required and not yet in hand: the clerk may approve it


@dataclass(frozen=True)
class MaterialBrief:
    code: str  # the catalogue's material code: what MATERIAL_APPROVED names
    name: Text
    state: MaterialState
    #: the matter allows it later (容缺): only such a missing material can the clerk
    #: approve (the platform refuses a deferral of any other)
    deferrable: bool = False


@dataclass(frozen=True)
class CallBrief:
    """What the clerk sees of the resident's case: nothing personal."""

    step: str  # the screen the resident called from, e.g. "materials"
    matter_code: str = ""  # empty: called before a matter was chosen
    matter_name: Text | None = None
    materials: tuple[MaterialBrief, ...] = ()


class CallEventKind(enum.StrEnum):
    RINGING = "ringing"  # the platform has the call; a clerk's page is ringing
    ANSWERED = "answered"  # a clerk took it: media flows
    NOTE = "note"  # the clerk wrote a note for the resident (``note``)
    MATERIAL_APPROVED = "material_approved"  # the clerk accepts ``material_code`` as deferred
    ENDED = "ended"  # the clerk hung up, or the link closed after the call was answered
    NO_ANSWER = "no_answer"  # no clerk took the call (none online, or the ring timed out)
    FAILED = "failed"  # the platform or the network is away: no call could be made


@dataclass(frozen=True)
class CallEvent:
    call_id: str  # the id :meth:`VideoCallPort.start` returned
    kind: CallEventKind
    note: str = ""  # NOTE: the clerk's words, shown as written
    material_code: str = ""  # MATERIAL_APPROVED
    detail: str = ""  # FAILED / ENDED: for the log, never shown, never personal


@dataclass(frozen=True)
class VideoFrame:
    """One decoded picture: ``width * height * 3`` bytes of RGB, row after row."""

    width: int
    height: int
    rgb: bytes

    def __repr__(self) -> str:  # a face: never its bytes in a log line
        return f"VideoFrame({self.width}x{self.height})"


CallListener = Callable[[CallEvent], None]
FrameSink = Callable[[VideoFrame], None]


class VideoCallPort(Protocol):
    """One call at a time; a second ``start`` hangs up the first."""

    def start(self, brief: CallBrief, listener: CallListener) -> str:
        """Ask the platform for a clerk and return the call's id at once; RINGING,
        ANSWERED ... (or NO_ANSWER / FAILED) follow through ``listener``. The camera
        and the microphone are shared only from here on: call it after consent."""
        ...

    def hang_up(self, call_id: str) -> None:
        """End the call from the kiosk's side (also while it rings); camera and
        microphone stop. No event follows; a call already ended is left alone."""
        ...

    def set_video_sinks(self, clerk: FrameSink | None, own: FrameSink | None) -> None:
        """Where the clerk's video and the kiosk's own preview go (None: nowhere),
        from now on and across calls."""
        ...
