"""Progress query (进度查询) and appointment check-in (预约签到) as states and
transitions: identify by QR (receipt or appointment code) or ID card, look up,
show."""

from __future__ import annotations

import enum

from statemachine import State, StateMachine

from flows.machine_flow import home_from_every_state


class LookupState(enum.StrEnum):
    IDLE = "idle"
    IDENTIFYING = "identifying"
    LOOKING_UP = "looking_up"
    RESULTS = "results"


class LookupMachine(StateMachine):
    idle = State(initial=True, value=LookupState.IDLE)
    identifying = State(value=LookupState.IDENTIFYING)
    looking_up = State(value=LookupState.LOOKING_UP)
    results = State(value=LookupState.RESULTS)

    start = idle.to(identifying)
    identified = identifying.to(looking_up)
    found = looking_up.to(results)
    not_found = looking_up.to(identifying)
    again = results.to(identifying)
    finish = results.to(idle)
    cancel = reset = home_from_every_state(idle)
