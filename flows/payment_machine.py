"""The payment as one compound state, shared by 便民缴费 and a matter's fee (issue 23):
the way to pay, then either the QR the resident scans with the phone or the resident's
payment code (付款码) held to the kiosk's scanner, the waits for the gateway and the
payer, and what became of the trade. The flow side is :mod:`flows.payment_steps`.

A journey's machine puts :func:`payment_steps` among its states, says where a paid
trade leads (``done_state_payment``: the compound's final ``paid`` was reached) and
lists :class:`PaymentState`'s values in its own state enum (the flows see the innermost
state). Leaving the journey (``cancel``, ``reset``) is one transition from the compound,
whichever step is under way; the flow cancels a trade under way first, never abandons it.

Every attempt is a new trade number: "pay again" and "another way" go back to
``choosing_method``, and the trade before is closed (``cancelling``) if it was opened.
"""

from __future__ import annotations

import enum
from typing import cast

from statemachine import State


class PaymentState(enum.StrEnum):
    #: 扫码支付 or 付款码支付, and the amount
    CHOOSING_METHOD = "choosing_method"
    #: the trade written to the ledger, then the QR asked of the gateway (precreate)
    CREATING = "creating"
    #: the QR and its countdown; the gateway asked every few seconds whether it was paid
    SHOWING_QR = "showing_qr"
    #: the scanner waits for the resident's payment code
    WAITING_CODE = "waiting_code"
    #: the code sent to the gateway (alipay.trade.pay)
    PAYING = "paying"
    #: the payer's phone asks for the password (USERPAYING); asked again until it is paid
    USER_PAYING = "user_paying"
    #: the gateway's answer was lost (a timeout): asked what became of the trade
    CHECKING = "checking"
    #: the trade under way is closed at the gateway (another way, the QR expired, unknown)
    CANCELLING = "cancelling"
    #: the QR expired unpaid (its trade closed): pay again or stop
    EXPIRED = "expired"
    #: not paid, and why (balance, an invalid code, no confirmation): pay again or stop
    FAILED = "failed"
    #: the gateway said paid and the ledger holds it: the journey goes on
    PAID = "paid"


class PaymentSteps(State):
    """What :func:`payment_steps` gives, for the type checker (the library builds the
    compound state from the class body below)."""


def payment_steps() -> PaymentSteps:
    """A new payment compound state for one machine class (a state belongs to the
    machine it is declared in, so each machine gets its own)."""
    p = PaymentState

    class payment(State.Compound):
        choosing_method = State(initial=True, value=p.CHOOSING_METHOD)
        creating = State(value=p.CREATING)
        showing_qr = State(value=p.SHOWING_QR)
        waiting_code = State(value=p.WAITING_CODE)
        paying = State(value=p.PAYING)
        user_paying = State(value=p.USER_PAYING)
        checking = State(value=p.CHECKING)
        cancelling = State(value=p.CANCELLING)
        expired = State(value=p.EXPIRED)
        failed = State(value=p.FAILED)
        paid = State(final=True, value=p.PAID)

        pay_by_qr = choosing_method.to(creating)
        pay_by_code = choosing_method.to(waiting_code)
        qr_ready = creating.to(showing_qr)
        code_scanned = waiting_code.to(paying)
        # 10003: the payer confirms on the phone (also found so by a query after a timeout)
        awaiting_password = paying.to(user_paying) | checking.to(user_paying)
        payment_confirmed = (
            showing_qr.to(paid) | paying.to(paid) | user_paying.to(paid) | checking.to(paid)
        )
        # no answer in time (or one that cannot be believed): ask what became of it
        answer_lost = creating.to(checking) | paying.to(checking)
        # refused outright (balance, code): no money moved, the trade is closed already
        payment_declined = creating.to(failed) | paying.to(failed)
        # another way, the QR's time up, no confirmation, the result still unknown
        close_trade = (
            showing_qr.to(cancelling) | user_paying.to(cancelling) | checking.to(cancelling)
        )
        back_to_methods = (
            cancelling.to(choosing_method)
            | waiting_code.to(choosing_method)
            | failed.to(choosing_method)
            | expired.to(choosing_method)
        )
        trade_expired = cancelling.to(expired) | showing_qr.to(expired)
        trade_not_paid = cancelling.to(failed) | user_paying.to(failed) | checking.to(failed)

    return cast(PaymentSteps, payment)
