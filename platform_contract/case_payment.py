"""A matter's fee paid at the kiosk, as the case carries it (issue 23): the trade numbers
and the amount, nothing of the payer. The platform refuses a fee-bearing matter's case
without it, or with another amount (422 ``fee_required`` / ``fee_mismatch``), and a trade
that already paid another case (409 ``payment_used``); it keeps the numbers on the case
for the clerks and for reconciliation."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from platform_contract.utility_bills import Fen, OutTradeNo

#: the gateway's own trade number (alipay's trade_no)
TradeNo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
#: the largest fee a catalogue matter may carry, in fen
MAX_FEE_FEN = 100_000_000


class CasePayment(BaseModel):
    """The fee's payment: the kiosk's trade number, the gateway's, the amount in fen."""

    out_trade_no: OutTradeNo
    trade_no: TradeNo
    amount_fen: Fen = Field(description="what was paid, in fen (分): the matter's fee_fen")
