"""The utility-billing side (便民缴费) as the flows see it: the flows'
:class:`~flows.payment_ports.UtilityBiller` over the platform client.

Both calls go through the client's retried session: finding a bill is a read, and a
settlement is idempotent by its trade number (the platform answers a repeat as the
first), so resending one whose answer was lost cannot pay a bill twice. Every answer is
read through the wire contract and must be the answer to this request (the same
utility and account, a bill with a positive amount) before it is believed; no answer,
or one that cannot be believed, is :class:`~flows.ports.PlatformUnavailable`, and the
trade stays PAID in the kiosk's ledger for the recovery to settle again.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlencode

from flows.payment_ports import BillDue, SettleOutcome, Utility
from offline_cache.answers import refuse
from offline_cache.client import PlatformClient
from offline_cache.errors import PlatformRejected
from platform_contract.utility_bills import (
    ACCOUNT_PATTERN,
    SettlementIn,
    SettlementOut,
    UtilityBillOut,
)

log = logging.getLogger(__name__)

#: the platform's error code for an account with nothing due, or a bill it does not know
NO_BILL = "no_bill"


class PlatformUtilityBiller:
    """``UtilityBiller`` on the platform's ``/utility-bills`` routes."""

    def __init__(self, client: PlatformClient) -> None:
        self._client = client

    def find_bill(self, utility: Utility, account: str) -> BillDue | None:
        """The bill due on the account, or None when nothing is due (also on what cannot
        be an account number: a mistyped one, a scanned code that is not a bill's)."""
        if re.fullmatch(ACCOUNT_PATTERN, account) is None:
            return None
        path = "/utility-bills?" + urlencode({"utility": utility.value, "account": account})
        try:
            out = self._client._get(path, UtilityBillOut, "utility bill")
        except PlatformRejected as exc:
            if exc.status == 404 and exc.code == NO_BILL:
                return None
            raise
        if out.utility != utility.value or out.account != account:
            refuse("utility bill", self._client.invalid_answers, ["account:another bill"])
        return BillDue(utility=Utility(out.utility), **out.model_dump(exclude={"utility"}))

    def settle_bill(self, bill_id: str, out_trade_no: str, amount_fen: int) -> SettleOutcome:
        """SETTLED, or REFUSED (paid by another trade, closed, another amount, no such
        bill): the caller then refunds the payer."""
        body = SettlementIn(out_trade_no=out_trade_no, amount_fen=amount_fen).model_dump()
        client = self._client
        path = f"/utility-bills/{bill_id}/settlements"
        try:
            resp = client._request(client._reads, "POST", path, json=body, ok=(200, 409))
        except PlatformRejected as exc:
            if exc.status == 404 and exc.code == NO_BILL:
                log.warning("settlement refused", extra={"reason": "no such bill"})
                return SettleOutcome.REFUSED
            raise
        out = client._answer(SettlementOut, resp, "settlement")
        settled = resp.status_code == 200
        if (out.status == "settled") != settled:
            refuse("settlement", client.invalid_answers, ["status:not its HTTP status"])
        if not settled:
            log.warning("settlement refused", extra={"reason": out.reason})
            return SettleOutcome.REFUSED
        return SettleOutcome.SETTLED
