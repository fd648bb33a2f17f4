"""The declaration journey (办事申报) as states and transitions, and nothing else.

The flow (:mod:`flows.declaration`) owns the data and the device work; this
machine only says which event may move which state where, with the guards
that read the flow's session.
"""

from __future__ import annotations

import enum
from typing import Protocol

from statemachine import State, StateMachine

from flows.identity_machine import IdentityGuards, identity_check
from flows.machine_flow import home_from_every_state
from flows.payment_machine import payment_steps


class DeclarationState(enum.StrEnum):
    IDLE = "idle"
    #: the matter first, then its guide (办事指南, 一次性告知), then who the resident is
    CHOOSING_MATTER = "choosing_matter"
    GUIDE = "guide"
    #: the identity check's steps (flows/identity_machine.py)
    READING_CARD = "reading_card"
    FACE_CONSENT = "face_consent"
    ASSISTED = "assisted"
    #: the assisted path's staff confirmation: staff card, PIN, locked out (added)
    ASSIST_CARD = "assist_card"
    ASSIST_PIN = "assist_pin"
    ASSIST_LOCKED = "assist_locked"
    FACE_CHECK = "face_check"
    FACE_FAILED = "face_failed"
    FILLING_FORM = "filling_form"
    #: 告知承诺制: the commitment read to its end, then signed by hand (a matter with one)
    COMMITMENT = "commitment"
    SIGNING = "signing"
    CAPTURING = "capturing"
    #: 物流服务: the certificate in the locker or by post, and the address for the post
    CHOOSING_DELIVERY = "choosing_delivery"
    DELIVERY_ADDRESS = "delivery_address"
    REVIEWING = "reviewing"
    SUBMITTING = "submitting"
    DEPOSITING = "depositing"
    PRINTING = "printing"
    DONE = "done"
    #: a matter's fee (fee_fen > 0), paid after the review (flows/payment_machine.py)
    CHOOSING_METHOD = "choosing_method"
    CREATING = "creating"
    SHOWING_QR = "showing_qr"
    WAITING_CODE = "waiting_code"
    PAYING = "paying"
    USER_PAYING = "user_paying"
    CHECKING = "checking"
    CANCELLING = "cancelling"
    EXPIRED = "expired"
    FAILED = "failed"
    PAID = "paid"


class DeclarationGuards(IdentityGuards, Protocol):
    def form_valid(self) -> bool: ...

    def materials_complete(self) -> bool: ...

    def identified(self) -> bool: ...

    def commitment_offered(self) -> bool: ...

    def post_offered(self) -> bool: ...

    def by_post(self) -> bool: ...

    def address_valid(self) -> bool: ...

    def fee_due(self) -> bool: ...


class DeclarationMachine(StateMachine):
    idle = State(initial=True, value=DeclarationState.IDLE)
    choosing_matter = State(value=DeclarationState.CHOOSING_MATTER)
    guide = State(value=DeclarationState.GUIDE)
    #: the ID card, the face check or staff in person (flows/identity_machine.py)
    identity = identity_check()
    filling_form = State(value=DeclarationState.FILLING_FORM)
    commitment = State(value=DeclarationState.COMMITMENT)
    signing = State(value=DeclarationState.SIGNING)
    capturing = State(value=DeclarationState.CAPTURING)
    choosing_delivery = State(value=DeclarationState.CHOOSING_DELIVERY)
    delivery_address = State(value=DeclarationState.DELIVERY_ADDRESS)
    reviewing = State(value=DeclarationState.REVIEWING)
    #: the matter's fee (a matter with fee_fen > 0), after the review
    payment = payment_steps()
    submitting = State(value=DeclarationState.SUBMITTING)
    depositing = State(value=DeclarationState.DEPOSITING)
    printing = State(value=DeclarationState.PRINTING)
    done = State(value=DeclarationState.DONE)

    # The matter is chosen and its guide read before anyone is identified: a resident
    # may read what to bring, the fee and the time limit, and leave (cancel) without
    # having laid a card on the reader. Continuing asks for the card, unless the identity
    # was checked already (the resident came back to change the matter).
    start = idle.to(choosing_matter)
    matter_chosen = choosing_matter.to(guide)
    proceed = guide.to(filling_form, cond="identified") | guide.to(identity)
    # an appointment's matter was chosen (and its guide shown) when it was booked
    booked = choosing_matter.to(identity)
    # a failed face check shows why, and the resident retries while tries remain
    face_rejected = identity.face_check.to(identity.face_failed)
    retry = identity.face_failed.to(identity.face_check, cond="face_attempts_remain")
    # the face matched or staff confirmed the identity
    done_state_identity = identity.to(filling_form)
    # the delivery is chosen after the materials when the matter's certificate may be
    # posted (物流服务); otherwise it goes to the locker and the review follows at once
    next = (
        filling_form.to(commitment, cond=["form_valid", "commitment_offered"])
        | filling_form.to(capturing, cond="form_valid")
        | capturing.to(choosing_delivery, cond=["materials_complete", "post_offered"])
        | capturing.to(reviewing, cond="materials_complete")
    )
    locker_chosen = choosing_delivery.to(reviewing)
    post_chosen = choosing_delivery.to(delivery_address)
    address_confirmed = delivery_address.to(reviewing, cond="address_valid")
    back = (
        guide.to(choosing_matter)
        | filling_form.to(guide)
        | commitment.to(filling_form)
        | signing.to(commitment)
        | capturing.to(commitment, cond="commitment_offered")
        | capturing.to(filling_form)
        | choosing_delivery.to(capturing)
        | delivery_address.to(choosing_delivery)
        | reviewing.to(delivery_address, cond="by_post")
        | reviewing.to(choosing_delivery, cond="post_offered")
        | reviewing.to(capturing)
    )
    begin_signing = commitment.to(signing)
    signed = signing.to(capturing)
    # review: correct a value read from the materials (the pages are kept)
    edit = reviewing.to(filling_form)
    # a matter's fee is paid before the case goes (once: a resend does not pay again)
    submit = reviewing.to(payment, cond="fee_due") | reviewing.to(submitting)
    done_state_payment = payment.to(submitting)
    submit_failed = submitting.to(reviewing)
    stored = submitting.to(depositing)
    deposited = depositing.to(printing)
    skip_deposit = depositing.to(printing)
    printed = printing.to(done)
    finish = done.to(idle)
    # cancel: the resident abandons; reset: idle timeout or journey end. Both lead home
    # from anywhere; after submitting the case is already stored.
    cancel = reset = home_from_every_state(idle)

    def __init__(self, guards: DeclarationGuards) -> None:
        super().__init__(listeners=[guards])
