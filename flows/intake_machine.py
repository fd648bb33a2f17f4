"""USB-drive and phone intake (U盘 / 网盘) as states and transitions, and nothing else.

The drive: its files are listed and checked (``listing``), then the accepted ones are
offered beside the refused ones and why (``offering``), or the drive could not be read
(``unreadable``: none plugged in, pulled out). The phone: a one-time link is asked of
the platform (``opening``), shown as a QR code while what the phone sends is fetched
every second and checked (``waiting``), until the link expires (``expired``: what
arrived stays offered); no link (``no_link``) when the platform cannot give one. The
chosen files are read and stored (``adding``): added, the intake ends (``finish``);
not added, the resident is back where they chose.
"""

from __future__ import annotations

import enum
from typing import Protocol

from statemachine import StateMachine
from statemachine.states import States

from flows.machine_flow import home_from_every_state


class IntakeStep(enum.StrEnum):
    IDLE = "idle"
    LISTING = "listing"
    OFFERING = "offering"
    UNREADABLE = "unreadable"
    OPENING = "opening"
    NO_LINK = "no_link"
    WAITING = "waiting"
    EXPIRED = "expired"
    ADDING = "adding"


class IntakeGuards(Protocol):
    def from_drive(self) -> bool:
        """The files come from the USB drive (else from the phone)."""
        ...

    def link_open(self) -> bool:
        """The phone's link still takes files."""
        ...


class IntakeMachine(StateMachine):
    s = States.from_enum(IntakeStep, initial=IntakeStep.IDLE)

    list_drive = s.IDLE.to(s.LISTING)
    listed = s.LISTING.to(s.OFFERING)
    drive_unreadable = s.LISTING.to(s.UNREADABLE)
    open_link = s.IDLE.to(s.OPENING)
    link_opened = s.OPENING.to(s.WAITING)
    link_refused = s.OPENING.to(s.NO_LINK)
    link_ended = s.WAITING.to(s.EXPIRED)
    add = s.OFFERING.to(s.ADDING) | s.WAITING.to(s.ADDING) | s.EXPIRED.to(s.ADDING)
    # a file that no longer passes (the drive pulled out meanwhile): back to the choice
    not_added = (
        s.ADDING.to(s.OFFERING, cond="from_drive")
        | s.ADDING.to(s.WAITING, cond="link_open")
        | s.ADDING.to(s.EXPIRED)
    )
    finish = s.ADDING.to(s.IDLE)
    cancel = reset = home_from_every_state(s.IDLE)

    def __init__(self, guards: IntakeGuards) -> None:
        super().__init__(listeners=[guards])
