"""The collection journey (自助取件) as states and transitions, and nothing else."""

from __future__ import annotations

import enum
from typing import Protocol

from statemachine import State, StateMachine

from flows.identity_machine import IdentityGuards, face_retried_at_once, identity_check
from flows.machine_flow import home_from_every_state


class CollectionState(enum.StrEnum):
    IDLE = "idle"
    READING_CARD = "reading_card"
    #: pickup by ID card: consent before the face check, or the assisted path (added)
    FACE_CONSENT = "face_consent"
    ASSISTED = "assisted"
    ASSIST_CARD = "assist_card"
    ASSIST_PIN = "assist_pin"
    ASSIST_LOCKED = "assist_locked"
    FACE_CHECK = "face_check"
    #: no face-check tries left: the assisted path, or end (added)
    FACE_FAILED = "face_failed"
    ENTERING_CODE = "entering_code"
    VERIFYING = "verifying"
    OPENING = "opening"
    COLLECTING = "collecting"
    CONFIRMING = "confirming"
    FAILED = "failed"
    DONE = "done"


class CollectionGuards(IdentityGuards, Protocol):
    def code_attempts_remain(self) -> bool: ...


class CollectionMachine(StateMachine):
    idle = State(initial=True, value=CollectionState.IDLE)
    #: pickup by ID card: the card, the face check or staff in person
    #: (flows/identity_machine.py), instead of the code
    identity = identity_check()
    entering_code = State(value=CollectionState.ENTERING_CODE)
    verifying = State(value=CollectionState.VERIFYING)
    opening = State(value=CollectionState.OPENING)
    collecting = State(value=CollectionState.COLLECTING)
    confirming = State(value=CollectionState.CONFIRMING)
    failed = State(value=CollectionState.FAILED)
    done = State(value=CollectionState.DONE)

    start = idle.to(entering_code)
    start_by_card = idle.to(identity)
    # a failed check is tried again at once while tries remain
    face_rejected = face_retried_at_once(identity)
    # only a matched face or a staff confirmation opens the way to the locker
    done_state_identity = identity.to(verifying)
    not_found = verifying.to(failed)
    code_entered = entering_code.to(verifying)
    # a wrong code returns to the keypad until the attempts run out
    code_rejected = verifying.to(entering_code, cond="code_attempts_remain") | verifying.to(failed)
    platform_unavailable = verifying.to(entering_code)
    code_valid = verifying.to(opening)
    door_opened = opening.to(collecting)
    door_failed = opening.to(failed)
    door_closed = collecting.to(confirming)
    confirmed = confirming.to(done)
    finish = done.to(idle)
    cancel = reset = home_from_every_state(idle)

    def __init__(self, guards: CollectionGuards) -> None:
        super().__init__(listeners=[guards])
