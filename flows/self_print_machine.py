"""The self-print journey (打印证照) as states and transitions: the identity check
(card, face or staff in person), the person's documents, one previewed, printed."""

from __future__ import annotations

import enum

from statemachine import State, StateMachine

from flows.identity_machine import IdentityGuards, face_retried_at_once, identity_check
from flows.machine_flow import home_from_every_state


class SelfPrintState(enum.StrEnum):
    IDLE = "idle"
    READING_CARD = "reading_card"
    FACE_CONSENT = "face_consent"
    FACE_CHECK = "face_check"
    FACE_FAILED = "face_failed"
    ASSISTED = "assisted"
    ASSIST_CARD = "assist_card"
    ASSIST_PIN = "assist_pin"
    ASSIST_LOCKED = "assist_locked"
    #: asking the platform for the person's documents
    LISTING = "listing"
    #: the list: the resident picks one
    CHOOSING = "choosing"
    #: fetching the chosen document's PDF and checking its seal
    FETCHING = "fetching"
    #: the first page shown; print or back to the list
    PREVIEW = "preview"
    PRINTING = "printing"
    DONE = "done"
    #: nothing to print, or the printer failed: why, and home
    FAILED = "failed"


class SelfPrintMachine(StateMachine):
    idle = State(initial=True, value=SelfPrintState.IDLE)
    identity = identity_check()
    listing = State(value=SelfPrintState.LISTING)
    choosing = State(value=SelfPrintState.CHOOSING)
    fetching = State(value=SelfPrintState.FETCHING)
    preview = State(value=SelfPrintState.PREVIEW)
    printing = State(value=SelfPrintState.PRINTING)
    done = State(value=SelfPrintState.DONE)
    failed = State(value=SelfPrintState.FAILED)

    start = idle.to(identity)
    # a failed check is tried again at once while tries remain (as the pickup does)
    face_rejected = face_retried_at_once(identity)
    # only a matched face or a staff confirmation shows anyone's documents
    done_state_identity = identity.to(listing)
    listed = listing.to(choosing)
    nothing_listed = listing.to(failed)
    chosen = choosing.to(fetching)
    fetched = fetching.to(preview)
    # the platform away, or a seal refused: why, and the list again
    not_fetched = fetching.to(choosing)
    back = preview.to(choosing)
    print_document = preview.to(printing)
    printed = printing.to(done)
    print_failed = printing.to(failed)
    another = done.to(choosing)
    finish = done.to(idle) | failed.to(idle)
    cancel = reset = home_from_every_state(idle)

    def __init__(self, guards: IdentityGuards) -> None:
        super().__init__(listeners=[guards])
