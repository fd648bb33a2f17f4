"""A matter's fee (工本费) paid at the kiosk before its case goes: after the review, a
matter with ``fee_fen > 0`` enters the payment (:mod:`flows.payment_steps`, the same
steps as 便民缴费), and the case draft carries the paid trade
(``CaseDraft.payment``: out_trade_no, trade_no, amount) to the platform, which refuses
a fee-bearing case without it. The receipt prints the trade numbers.

The trade's reference in the ledger is the case's idempotency key; the flow leaves it
PAID once the case is stored (the outbox may still send it and the platform refuse it):
the recovery (``payments/recovery.py``) completes it when the platform accepted the
case, or refunds it. :class:`FeeStep` is one part of
:class:`~flows.declaration.DeclarationFlow`.
"""

from __future__ import annotations

import dataclasses
import logging

from flows.declaration_machine import DeclarationState
from flows.declaration_session import DeclarationSession
from flows.declaration_submission import SubmissionSteps
from flows.domain import CasePayment
from flows.payment_journey_ports import PaymentPorts
from flows.payment_ports import TradePurpose
from flows.payment_session import PaymentOrder
from flows.payment_steps import PaymentChoices

log = logging.getLogger(__name__)


class FeeStep(PaymentChoices[DeclarationState], SubmissionSteps):
    """The payment's states in the declaration, between ``reviewing`` and ``submitting``."""

    session: DeclarationSession

    def _init_fee(self, payments: PaymentPorts | None) -> None:
        """``payments`` None: the site takes no payments (a fee-bearing case is then
        refused by the platform in its own words, as any refusal)."""
        self.payment_steps = None
        if payments is None:
            return
        self.payment_steps = self._take_payments(
            payments, self.devices.qr_scanner, lambda: self.session.payment
        )

    def fee_due(self) -> bool:
        """The matter has a fee, the site takes payments, and it is not paid yet."""
        s = self.session
        return (
            self.payment_steps is not None
            and s.matter is not None
            and s.matter.fee_fen > 0
            and not (s.draft is not None and s.draft.payment is not None)
        )

    def _before_submit(self) -> None:
        s = self.session
        if not self.fee_due() or self.payment_steps is None:
            return
        assert s.matter is not None and s.draft is not None
        order = PaymentOrder(
            TradePurpose.MATTER_FEE,
            s.draft.idempotency_key,
            s.matter.fee_fen,
            f"{s.matter.name.zh} 办理费用",
        )
        self.payment_steps.begin(order)
        log.info("fee due", extra={"flow": "declaration", "fee_fen": s.matter.fee_fen})

    def _submit_case(self) -> None:
        """The paid trade goes on the draft before the case does."""
        s, p = self.session, self.session.payment
        if s.draft is not None and s.draft.payment is None and p.paid:
            assert p.out_trade_no is not None and p.trade_no is not None
            paid = CasePayment(p.out_trade_no, p.trade_no, p.paid_fen)
            s.draft = dataclasses.replace(s.draft, payment=paid)
        super()._submit_case()

    def _leave_fee(self) -> None:
        """The session ends: a trade under way is closed, never abandoned."""
        if self.payment_steps is not None:
            self.payment_steps.leave()
