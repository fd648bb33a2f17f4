"""Utility bills on the wire (便民缴费, issue 23): the bill due on an account, as the
kiosk shows it, and the settlement that marks it paid by one of the kiosk's trades.

The holder's name leaves the platform masked (``张*``) and only so: the kiosk shows it for
the resident to recognise the account, and nobody at the kiosk needs more. A settlement
is idempotent by its ``out_trade_no``: sent again (a kiosk restarted after a kill -9)
it answers as the first time and changes nothing.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

UtilityKind = Literal["water", "electricity", "gas", "heating"]
#: 户号: the account number, digits only (typed on the keypad or read off the bill)
ACCOUNT_PATTERN = r"^[0-9]{6,20}$"
AccountNumber = Annotated[str, StringConstraints(pattern=ACCOUNT_PATTERN)]
#: the kiosk's trade number (alipay's out_trade_no: at most 64 characters)
OutTradeNo = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
BillId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
#: an amount in fen (分), at most a million yuan: a bill, never a fortune
Fen = Annotated[int, Field(ge=1, le=100_000_000)]
#: why a settlement is refused: the money must go back to the payer
RefusalReason = Literal["already_paid", "amount_changed", "closed"]


class UtilityBillOut(BaseModel):
    """The bill due on an account: nothing but what the kiosk's screen shows."""

    bill_id: BillId
    utility: UtilityKind
    account: AccountNumber
    holder_masked: str = Field(max_length=32, description="the holder's name masked, e.g. 张*")
    period: str = Field(max_length=16, description="the billing period, e.g. 2026-11")
    amount_fen: Fen = Field(description="the amount due, in fen (分)")


class SettlementIn(BaseModel):
    """A bill paid by one trade of the kiosk's."""

    out_trade_no: OutTradeNo
    amount_fen: Fen


class SettlementOut(BaseModel):
    """200 ``settled`` (also for the same trade again), 409 ``refused`` with its reason."""

    status: Literal["settled", "refused"]
    reason: RefusalReason | None = None


class UtilityBillIn(BaseModel):
    """The back office issues a bill on an account (tests, tours, the demo's next month)."""

    utility: UtilityKind
    account: AccountNumber
    holder_name: str = Field(min_length=1, max_length=32)
    period: str = Field(min_length=1, max_length=16, pattern=r"^[0-9-]+$")
    amount_fen: Fen
