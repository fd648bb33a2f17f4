"""The collection journey (自助取件) as states and transitions, and nothing else."""

from __future__ import annotations

import enum
from typing import Protocol

from statemachine import State, StateMachine

from flows.assisted_machine import IdentityGuards


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
    reading_card = State(value=CollectionState.READING_CARD)
    face_consent = State(value=CollectionState.FACE_CONSENT)
    assisted = State(value=CollectionState.ASSISTED)
    assist_card = State(value=CollectionState.ASSIST_CARD)
    assist_pin = State(value=CollectionState.ASSIST_PIN)
    assist_locked = State(value=CollectionState.ASSIST_LOCKED)
    face_check = State(value=CollectionState.FACE_CHECK)
    face_failed = State(value=CollectionState.FACE_FAILED)
    entering_code = State(value=CollectionState.ENTERING_CODE)
    verifying = State(value=CollectionState.VERIFYING)
    opening = State(value=CollectionState.OPENING)
    collecting = State(value=CollectionState.COLLECTING)
    confirming = State(value=CollectionState.CONFIRMING)
    failed = State(value=CollectionState.FAILED)
    done = State(value=CollectionState.DONE)

    start = idle.to(entering_code)
    # pickup by ID card + face check instead of a code (added)
    start_by_card = idle.to(reading_card)
    card_read = reading_card.to(face_consent)
    # The identity check, as in the declaration (flows/assisted_machine.py): the face
    # check only with consent; declining, or no tries left, leads to staff, whose card +
    # PIN confirmation alone opens the way to the locker instead of the face check
    consent_given = face_consent.to(face_check, cond="face_attempts_remain")
    consent_declined = face_consent.to(assisted) | face_failed.to(assisted)
    continue_assisted = assisted.to(assist_card, cond="staff_called")
    staff_card_read = assist_card.to(assist_pin)
    staff_card_refused = assist_pin.to(assist_card)
    staff_locked = assist_pin.to(assist_locked)
    another_staff_card = assist_locked.to(assist_card)
    staff_confirmed = assist_pin.to(verifying, cond="identity_confirmed")
    reconsider = face_consent.from_(assisted, assist_card, assist_pin, assist_locked)
    face_matched = face_check.to(verifying)
    # a failed check is tried again at once while tries remain
    face_rejected = face_check.to(face_check, cond="face_attempts_remain") | face_check.to(
        face_failed
    )
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
    cancel = (
        reading_card.to(idle)
        | face_consent.to(idle)
        | assisted.to(idle)
        | assist_card.to(idle)
        | assist_pin.to(idle)
        | assist_locked.to(idle)
        | face_check.to(idle)
        | face_failed.to(idle)
        | entering_code.to(idle)
        | verifying.to(idle)
        | opening.to(idle)
        | collecting.to(idle)
        | confirming.to(idle)
        | failed.to(idle)
        | done.to(idle)
    )
    reset = cancel | idle.to(idle)

    def __init__(self, guards: CollectionGuards) -> None:
        super().__init__(listeners=[guards])
