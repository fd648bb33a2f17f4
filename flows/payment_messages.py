"""What the resident is told when a payment does not go through (zh/en), keyed by the
gateway's sub_code where it gives one; the code goes to the log, the words to the screen."""

from __future__ import annotations

from device_contracts import Text
from flows.payment_ports import PaymentFailure

BALANCE_NOT_ENOUGH = PaymentFailure(
    "ACQ.BUYER_BALANCE_NOT_ENOUGH",
    Text(
        "余额不足，支付未成功。请换一种方式或换一个账户支付",
        "Not enough balance: not paid. Please pay another way or from another account",
    ),
)
CODE_INVALID = PaymentFailure(
    "ACQ.PAYMENT_AUTH_CODE_INVALID",
    Text(
        "付款码无效或已过期，请刷新付款码后重试",
        "The payment code is invalid or expired: refresh it on your phone and try again",
    ),
)
DECLINED = PaymentFailure(
    "declined",
    Text("支付未成功，未扣款。请重试或换一种方式", "Not paid, nothing was taken. Please try again"),
)
NOT_CONFIRMED = PaymentFailure(
    "not_confirmed",
    Text(
        "未在手机上确认付款，交易已关闭，未扣款",
        "The payment was not confirmed on the phone: the trade is closed, nothing was taken",
    ),
)
UNKNOWN = PaymentFailure(
    "unknown",
    Text(
        "暂时无法确认支付结果，交易已关闭；如已扣款将原路退回",
        "The payment could not be confirmed and the trade is closed; "
        "any amount taken goes back to where it came from",
    ),
)
REFUNDED = PaymentFailure(
    "refunded",
    Text(
        "交易已关闭，已付款项已原路退回",
        "The trade is closed; what was paid has gone back to where it came from",
    ),
)
NOT_A_PAYMENT_CODE = Text(
    "这不是付款码，请出示手机支付宝的付款码",
    "That is not a payment code: please show the payment code on your phone",
)

_BY_SUB_CODE = {f.code: f for f in (BALANCE_NOT_ENOUGH, CODE_INVALID)}


def declined(sub_code: str | None) -> PaymentFailure:
    """Why the gateway refused a payment, in the resident's words."""
    return _BY_SUB_CODE.get(sub_code or "", DECLINED)
