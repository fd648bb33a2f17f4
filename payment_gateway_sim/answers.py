"""The shapes of Alipay OpenAPI's answers (the inside of ``<method>_response``) and its
money: amounts travel as yuan strings with two decimals ("86.50"), kept here as fen."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

Answer = dict[str, Any]

#: Alipay's ceiling for one trade: 100 000 000.00 yuan
MAX_FEN = 10_000_000_000


def yuan(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def fen_of(amount: object) -> int | None:
    """Fen of a yuan amount as sent ("86.5", "86.50", 86.5); None unless positive with at
    most two decimals and within the ceiling."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return None
    fen = value * 100
    if not value.is_finite() or fen != fen.to_integral_value() or not 0 < fen <= MAX_FEN:
        return None
    return int(fen)


def signed_fen(amount: str) -> int:
    """Fen of a yuan amount that may be negative (a bill's refund rows)."""
    value = Decimal(amount) * 100
    return int(value)


def success(**fields: Any) -> Answer:
    return {"code": "10000", "msg": "Success", **fields}


def business_failed(sub_code: str, sub_msg: str, **fields: Any) -> Answer:
    return {
        "code": "40004",
        "msg": "Business Failed",
        "sub_code": sub_code,
        "sub_msg": sub_msg,
        **fields,
    }


def invalid_arguments(sub_code: str, sub_msg: str) -> Answer:
    return {"code": "40002", "msg": "Invalid Arguments", "sub_code": sub_code, "sub_msg": sub_msg}


def user_paying(**fields: Any) -> Answer:
    """alipay.trade.pay's 10003: the payer's phone asks for the password first."""
    return {"code": "10003", "msg": " order success pay inprocess", **fields}


#: 20000, what the gateway says when it is overloaded: nothing was done, ask again
SERVICE_BUSY: Answer = {
    "code": "20000",
    "msg": "Service Currently Unavailable",
    "sub_code": "isp.unknow-error",
    "sub_msg": "系统繁忙",
}


def trade_not_exist() -> Answer:
    return business_failed("ACQ.TRADE_NOT_EXIST", "交易不存在")


def context_inconsistent() -> Answer:
    return business_failed("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")


def trade_has_closed() -> Answer:
    return business_failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭")
