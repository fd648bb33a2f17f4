"""Alipay OpenAPI's answers (the verified inside of ``<method>_response``) read as the
flows' :class:`flows.payment_ports.GatewayAnswer`: which code and sub_code mean what.

Codes: 10000 done; 10003 the payer's phone asks for the password (pay only); 20000
service busy and 40004 ACQ.SYSTEM_ERROR: the result is unknown (ask again or query);
40004 with another sub_code: refused for that reason. Amounts travel as yuan strings
with two decimals ("86.50"); the kiosk keeps whole fen.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flows.payment_ports import CancelOutcome, GatewayAnswer, GatewayStatus, GatewayUnreachable

Answer = dict[str, Any]

SUCCESS = "10000"
USER_PAYING = "10003"
#: the answers that say nothing about the trade: it must be asked about again
UNKNOWN_CODES = frozenset({"20000"})
UNKNOWN_SUB_CODES = frozenset({"ACQ.SYSTEM_ERROR", "isp.unknow-error"})
TRADE_NOT_EXIST = "ACQ.TRADE_NOT_EXIST"
#: the daily bill of a day the gateway has not made a bill of (yet)
BILL_NOT_EXIST = "isp.bill_not_exist"

_TRADE_STATUS = {
    "WAIT_BUYER_PAY": GatewayStatus.WAIT_BUYER_PAY,
    "TRADE_SUCCESS": GatewayStatus.SUCCESS,
    "TRADE_FINISHED": GatewayStatus.SUCCESS,
    "TRADE_CLOSED": GatewayStatus.CLOSED,
}


def yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def fen(amount: object) -> int:
    return int(Decimal(str(amount)) * 100)


def check_known(method: str, answer: Answer) -> None:
    """Raise :class:`GatewayUnreachable` when ``answer`` leaves the trade's state unknown."""
    code = str(answer.get("code", ""))
    if code in UNKNOWN_CODES or answer.get("sub_code") in UNKNOWN_SUB_CODES:
        raise GatewayUnreachable(f"{method}: the gateway answered {code} (result unknown)")


def _failed(out_trade_no: str, answer: Answer) -> GatewayAnswer:
    return GatewayAnswer(
        GatewayStatus.FAILED,
        out_trade_no,
        trade_no=answer.get("trade_no") or None,
        sub_code=str(answer.get("sub_code") or answer.get("code") or "unknown"),
    )


def precreate_answer(out_trade_no: str, answer: Answer) -> GatewayAnswer:
    check_known("precreate", answer)
    if answer.get("code") != SUCCESS:
        return _failed(out_trade_no, answer)
    return GatewayAnswer(
        GatewayStatus.WAIT_BUYER_PAY, out_trade_no, qr_code=str(answer.get("qr_code") or "")
    )


def pay_answer(out_trade_no: str, answer: Answer) -> GatewayAnswer:
    check_known("pay", answer)
    code = answer.get("code")
    trade_no = answer.get("trade_no") or None
    if code == SUCCESS:
        paid = answer.get("total_amount")
        return GatewayAnswer(
            GatewayStatus.SUCCESS,
            out_trade_no,
            trade_no=trade_no,
            paid_fen=None if paid is None else fen(paid),
        )
    if code == USER_PAYING:
        return GatewayAnswer(GatewayStatus.USER_PAYING, out_trade_no, trade_no=trade_no)
    return _failed(out_trade_no, answer)


def query_answer(out_trade_no: str, answer: Answer) -> GatewayAnswer:
    check_known("query", answer)
    if answer.get("code") != SUCCESS:
        if answer.get("sub_code") == TRADE_NOT_EXIST:
            return GatewayAnswer(GatewayStatus.NOT_EXIST, out_trade_no)
        return _failed(out_trade_no, answer)
    status = _TRADE_STATUS.get(str(answer.get("trade_status")))
    if status is None:
        raise GatewayUnreachable("query: a trade status the kiosk does not know")
    paid = answer.get("total_amount") if status is GatewayStatus.SUCCESS else None
    return GatewayAnswer(
        status,
        out_trade_no,
        trade_no=answer.get("trade_no") or None,
        paid_fen=None if paid is None else fen(paid),
    )


def cancel_outcome(answer: Answer) -> CancelOutcome:
    """alipay.trade.cancel: ``retry_flag`` Y asks to cancel again; ``action`` "refund"
    says the money had moved and went back; otherwise the trade is closed (also one the
    gateway never saw: it records it closed so a late pay under that number fails)."""
    check_known("cancel", answer)
    if answer.get("retry_flag") == "Y":
        return CancelOutcome.RETRY
    if answer.get("code") != SUCCESS:
        raise GatewayUnreachable(f"cancel: refused ({answer.get('sub_code')}); query the trade")
    if answer.get("action") == "refund":
        return CancelOutcome.REFUNDED
    return CancelOutcome.CLOSED


def refund_done(answer: Answer) -> bool:
    """alipay.trade.refund: 10000 is the refund done (``fund_change`` N when it was done
    by an earlier call under the same out_request_no); a refusal is False."""
    check_known("refund", answer)
    return answer.get("code") == SUCCESS
