"""The gateway's daily bill (alipay.data.dataservice.bill.downloadurl.query, bill_type
trade): fetched from the link the gateway gives and read down to what reconciliation
needs.

The file is a zip holding the day's "业务明细" CSV in GBK: ``#`` comment lines around a
header row and one row per payment (业务类型 交易) and per refund (退款, a negative
商家实收 and the refund's out_request_no). Only trade numbers, kinds, amounts and times
are kept: the payer's account (对方账户) and the subject are read past, never stored.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

import requests

#: the bill's business kinds this reconciliation reads
PAYMENT = "交易"
REFUND = "退款"
_DETAIL = "业务明细"
_COLUMNS = {
    "trade_no": "支付宝交易号",
    "out_trade_no": "商户订单号",
    "kind": "业务类型",
    "finished_at": "完成时间",
    "amount": "商家实收（元）",
}


class BillUnreadable(ValueError):
    """The file behind the bill's link is not a bill this kiosk can read."""


@dataclass(frozen=True)
class BillRow:
    trade_no: str
    out_trade_no: str
    #: PAYMENT or REFUND
    kind: str
    #: what the merchant got: negative for a refund
    amount_fen: int
    finished_at: str


def fetch_bill(url: str | None, timeout_s: float = 10.0) -> list[BillRow] | None:
    """The bill behind ``url`` (from the gateway's bill query); None for no bill."""
    if url is None:
        return None
    resp = requests.get(url, timeout=timeout_s)
    resp.raise_for_status()
    return read_bill(resp.content)


def read_bill(zipped: bytes) -> list[BillRow]:
    try:
        with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
            names = [n for n in archive.namelist() if _DETAIL in n and n.endswith(".csv")]
            if not names:
                raise BillUnreadable("the bill holds no 业务明细 file")
            text = archive.read(names[0]).decode("gbk")
    except zipfile.BadZipFile as exc:
        raise BillUnreadable(f"the bill is not a zip ({exc})") from None
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    if rows and not set(_COLUMNS.values()) <= set(rows[0]):
        raise BillUnreadable("the bill's header lacks the columns reconciliation reads")
    return [
        BillRow(
            trade_no=row[_COLUMNS["trade_no"]].strip(),
            out_trade_no=row[_COLUMNS["out_trade_no"]].strip(),
            kind=row[_COLUMNS["kind"]].strip(),
            amount_fen=int(Decimal(row[_COLUMNS["amount"]].strip()) * 100),
            finished_at=row[_COLUMNS["finished_at"]].strip(),
        )
        for row in rows
        if row[_COLUMNS["kind"]].strip() in (PAYMENT, REFUND)
    ]
