"""便民缴费 (utility bills paid at the kiosk) as states and transitions: which utility,
the account number, the bill found, the payment (flows/payment_machine.py), the bill
settled at the biller (or, refused, the money refunded), the receipt. No ID card."""

from __future__ import annotations

import enum
from typing import Protocol

from statemachine import State, StateMachine

from flows.machine_flow import home_from_every_state
from flows.payment_machine import payment_steps


class UtilityPaymentState(enum.StrEnum):
    IDLE = "idle"
    #: water, electricity, gas or heating
    CHOOSING_UTILITY = "choosing_utility"
    #: the account number (户号) on the keypad, or the bill's barcode on the scanner
    ENTERING_ACCOUNT = "entering_account"
    FINDING_BILL = "finding_bill"
    #: the holder (masked), the period and the amount: pay, or another account
    SHOWING_BILL = "showing_bill"
    #: the payment's steps (flows/payment_machine.py)
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
    #: the biller told the bill is paid by this trade
    SETTLING = "settling"
    #: the biller refused it (paid meanwhile, closed, amount changed): the money goes back
    REFUNDING = "refunding"
    PRINTING_RECEIPT = "printing_receipt"
    #: the receipt says the money went back
    REFUNDED = "refunded"
    DONE = "done"


class UtilityPaymentGuards(Protocol):
    def refund_made(self) -> bool: ...


class UtilityPaymentMachine(StateMachine):
    idle = State(initial=True, value=UtilityPaymentState.IDLE)
    choosing_utility = State(value=UtilityPaymentState.CHOOSING_UTILITY)
    entering_account = State(value=UtilityPaymentState.ENTERING_ACCOUNT)
    finding_bill = State(value=UtilityPaymentState.FINDING_BILL)
    showing_bill = State(value=UtilityPaymentState.SHOWING_BILL)
    payment = payment_steps()
    settling = State(value=UtilityPaymentState.SETTLING)
    refunding = State(value=UtilityPaymentState.REFUNDING)
    printing_receipt = State(value=UtilityPaymentState.PRINTING_RECEIPT)
    refunded = State(value=UtilityPaymentState.REFUNDED)
    done = State(value=UtilityPaymentState.DONE)

    start = idle.to(choosing_utility)
    utility_chosen = choosing_utility.to(entering_account)
    account_entered = entering_account.to(finding_bill)
    bill_found = finding_bill.to(showing_bill)
    # no bill due on that account, or the biller away: why, and the keypad again
    no_bill = finding_bill.to(entering_account)
    back = entering_account.to(choosing_utility) | showing_bill.to(entering_account)
    pay = showing_bill.to(payment)
    # paid and in the ledger: the biller is told
    done_state_payment = payment.to(settling)
    # settled (or the biller away: the recovery settles it later, the receipt says so)
    settled = settling.to(printing_receipt)
    settle_refused = settling.to(refunding)
    refund_sent = refunding.to(printing_receipt)
    printed = printing_receipt.to(refunded, cond="refund_made") | printing_receipt.to(done)
    another = done.to(choosing_utility)
    finish = done.to(idle) | refunded.to(idle)
    # cancel: the resident leaves (a trade under way is cancelled by the flow first);
    # reset: the idle timeout or the app going home
    cancel = reset = home_from_every_state(idle)

    def __init__(self, guards: UtilityPaymentGuards) -> None:
        super().__init__(listeners=[guards])
