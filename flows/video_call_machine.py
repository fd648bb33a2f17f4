"""The video call with a clerk (远程视频) as states and transitions: consent before the
camera is shared, calling, ringing, in the call, ended; no clerk or no platform leads
to ``unavailable``, where the callback request is offered."""

from __future__ import annotations

import enum

from statemachine import State, StateMachine

from flows.machine_flow import home_from_every_state


class CallState(enum.StrEnum):
    IDLE = "idle"
    CONSENT = "consent"  # what is shared, with whom: agree or decline
    CALLING = "calling"  # asking the platform for a clerk
    RINGING = "ringing"  # a clerk's page rings
    IN_CALL = "in_call"
    ENDED = "ended"
    UNAVAILABLE = "unavailable"  # no clerk answered, or the platform is away


class CallMachine(StateMachine):
    idle = State(initial=True, value=CallState.IDLE)
    consent = State(value=CallState.CONSENT)
    calling = State(value=CallState.CALLING)
    ringing = State(value=CallState.RINGING)
    in_call = State(value=CallState.IN_CALL)
    ended = State(value=CallState.ENDED)
    unavailable = State(value=CallState.UNAVAILABLE)

    offer = idle.to(consent)
    agree = consent.to(calling)
    rings = calling.to(ringing)
    answered = calling.to(in_call) | ringing.to(in_call)
    unanswered = calling.to(unavailable) | ringing.to(unavailable)
    hung_up = in_call.to(ended)
    finish = ended.to(idle) | unavailable.to(idle) | consent.to(idle)
    cancel = reset = home_from_every_state(idle)
