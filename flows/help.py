"""Calling staff (呼叫工作人员): what a call is, what the platform answers, and when
anyone is on duty to answer it.

A call carries the terminal's step and the time, nothing personal; only a callback
request (no one on duty) carries the phone number to call back. The kiosk shows
the truth of the answer: acknowledged (with the wait), not yet acknowledged (or
still waiting in this kiosk's outbox), or no one on duty now.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol

#: "08:00-20:00"; "20:00-08:00" spans midnight; "00:00-24:00" is always
_HOURS = re.compile(r"^([01][0-9]|2[0-4]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$")
#: a mainland mobile number, as the callback request takes it
PHONE = re.compile(r"^1[3-9][0-9]{9}$")
#: the clerk's expected wait is at most this, minutes (the platform refuses more)
MAX_WAIT_MIN = 120


class HelpKind(enum.StrEnum):
    ATTEND = "attend"  # come to the kiosk
    CALLBACK = "callback"  # no one on duty: call this number back


class HelpState(enum.StrEnum):
    QUEUED = "queued"  # stored in this kiosk's outbox; the platform has not got it yet
    OPEN = "open"  # the platform has it; no one has acknowledged it yet
    ACKNOWLEDGED = "acknowledged"  # a clerk is coming, in about wait_minutes


@dataclass(frozen=True, repr=False)
class HelpRequest:
    call_id: str
    kind: HelpKind
    step: str  # the screen the resident was on, e.g. "face_check"
    called_at: datetime  # aware
    phone: str = ""  # callback only

    def __repr__(self) -> str:  # never the phone number in a log line
        return f"HelpRequest({self.call_id}, {self.kind.value}, {self.step})"


@dataclass(frozen=True)
class HelpAnswer:
    call_id: str
    state: HelpState
    wait_minutes: int | None = None
    acknowledged_at: datetime | None = None


class HelpPort(Protocol):
    """The platform as the help desk sees it (offline_cache.platform_port.KioskPlatform)."""

    def request_help(self, request: HelpRequest) -> HelpAnswer:
        """Store the call (it survives an outage), then try to send it now."""
        ...

    def help_answer(self, call_id: str) -> HelpAnswer:
        """The call as it stands: queued here, open, or acknowledged. Raises
        PlatformUnavailable when the platform does not answer."""
        ...


@dataclass(frozen=True)
class StaffHours:
    """When the site's staff answer calls, local time; ``start == end`` never happens
    (refused), ``00:00-24:00`` is always."""

    start: time
    end: time | None  # None: 24:00

    @classmethod
    def parse(cls, text: str) -> StaffHours:
        m = _HOURS.match(text.strip())
        if m is None:
            raise ValueError('must be "HH:MM-HH:MM", e.g. "08:00-20:00"')
        h1, m1, h2, m2 = (int(g) for g in m.groups())
        if h1 == 24 or (h2 == 24 and m2 != 0):
            raise ValueError("a time of day runs from 00:00 to 24:00")
        start = time(h1, m1)
        end = None if h2 == 24 else time(h2, m2)
        if end == start:
            raise ValueError("the hours start and end at the same time")
        return cls(start, end)

    def on_duty(self, at: datetime) -> bool:
        t = at.time().replace(tzinfo=None)
        if self.end is None:
            return t >= self.start
        if self.start < self.end:
            return self.start <= t < self.end
        return t >= self.start or t < self.end  # across midnight

    def __str__(self) -> str:
        end = "24:00" if self.end is None else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


ALWAYS = StaffHours(time(0, 0), None)
