"""alipay.data.dataservice.bill.downloadurl.query and the file behind its link: a day's
trades and refunds as the real gateway's "业务明细" bill, a zip holding GBK-encoded CSV.

The detail file (``<app_id>_<yyyymmdd>_业务明细.csv``) starts with ``#`` comment lines, then
a header row, one row per payment (业务类型 交易, 商家实收 the amount) and per refund
(业务类型 退款, 商家实收 negative, 退款批次号/请求号 the out_request_no), then ``#`` footer
lines. A test may have injected a row the kiosk never made (``extra``) or changed a
trade's amount (``alter``): the reconciliation must catch both.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
import zipfile
from datetime import date, datetime
from typing import Any

from payment_gateway_sim import answers
from payment_gateway_sim.answers import yuan
from payment_gateway_sim.notices import Notice

HEADER = [
    "支付宝交易号",
    "商户订单号",
    "业务类型",
    "商品名称",
    "创建时间",
    "完成时间",
    "门店编号",
    "门店名称",
    "操作员",
    "终端号",
    "对方账户",
    "订单金额（元）",
    "商家实收（元）",
    "支付宝红包（元）",
    "集分宝（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "券核销金额（元）",
    "券名称",
    "商家红包消费金额（元）",
    "卡消费金额（元）",
    "退款批次号/请求号",
    "服务费（元）",
    "分润（元）",
    "备注",
]
DOWNLOAD_PATH = "/downloadBillFile.resource"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def download_token(app_id: str, bill_date: str) -> str:
    return hashlib.sha256(f"{app_id}/{bill_date}".encode()).hexdigest()[:32]


def download_url_query(
    conn: sqlite3.Connection, biz: dict[str, Any], base_url: str, app_id: str, today: date
) -> tuple[answers.Answer, list[Notice | None]]:
    bill_date = str(biz.get("bill_date", ""))
    if biz.get("bill_type") != "trade" or not _DATE.match(bill_date):
        return answers.invalid_arguments("isv.invalid-parameter", "bill_type / bill_date"), []
    if date.fromisoformat(bill_date) > today:
        return answers.business_failed("isp.bill_not_exist", "账单不存在"), []
    compact = bill_date.replace("-", "")
    url = (
        f"{base_url.rstrip('/')}{DOWNLOAD_PATH}?bizType=trade&fileType=csv.zip"
        f"&bizDates={compact}&token={download_token(app_id, bill_date)}"
    )
    return answers.success(bill_download_url=url), []


def bill_zip(conn: sqlite3.Connection, app_id: str, bill_date: str, made_at: datetime) -> bytes:
    rows = _entries(conn, bill_date)
    rows = _apply_edits(conn, bill_date, rows)
    compact = bill_date.replace("-", "")
    detail = io.StringIO()
    out = csv.writer(detail, lineterminator="\r\n")
    detail.write("#支付宝业务明细查询\r\n")
    detail.write(f"#账号：[{app_id}]\r\n")
    detail.write(f"#起始日期：[{bill_date} 00:00:00]   终止日期：[{bill_date} 23:59:59]\r\n")
    detail.write(
        "#-----------------------------------------业务明细列表----------------------------------------\r\n"
    )
    out.writerow(HEADER)
    out.writerows(rows)
    detail.write(
        "#-----------------------------------------业务明细列表结束------------------------------------\r\n"
    )
    paid = [r for r in rows if r[2] == "交易"]
    refunded = [r for r in rows if r[2] == "退款"]
    detail.write(f"#交易合计：{len(paid)}笔，商家实收共{_sum(paid)}元\r\n")
    detail.write(f"#退款合计：{len(refunded)}笔，商家实收共{_sum(refunded)}元\r\n")
    detail.write(f"#导出时间：[{made_at:%Y-%m-%d %H:%M:%S}]\r\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{app_id}_{compact}_业务明细.csv", detail.getvalue().encode("gbk"))
    return buffer.getvalue()


def _sum(rows: list[list[str]]) -> str:
    return yuan(sum(answers.signed_fen(r[12]) for r in rows))


_MONEY_ZERO = (
    "支付宝红包（元）",
    "集分宝（元）",
    "支付宝优惠（元）",
    "商家优惠（元）",
    "券核销金额（元）",
)
_MONEY_ZERO_TOO = ("商家红包消费金额（元）", "卡消费金额（元）", "服务费（元）", "分润（元）")


def _row(record: dict[str, Any]) -> list[str]:
    """One detail row from a charge or refund as :data:`_ENTRIES` reads it."""
    cells = dict.fromkeys(HEADER, "")
    cells.update(dict.fromkeys(_MONEY_ZERO + _MONEY_ZERO_TOO, "0.00"))
    cells.update(
        {
            "支付宝交易号": record["trade_no"],
            "商户订单号": record["out_trade_no"],
            "业务类型": record["kind"],
            "商品名称": record["subject"],
            "创建时间": record["created_at"],
            "完成时间": record["at"],
            "对方账户": record["logon_id"] or "",
            "订单金额（元）": yuan(record["order_fen"]),
            "商家实收（元）": yuan(record["received_fen"]),
            "退款批次号/请求号": record["request_no"],
        }
    )
    return [cells[name] for name in HEADER]


#: a day's payments (one per charge) and refunds, in time order, in the row's terms
_ENTRIES = """
SELECT t.trade_no, t.out_trade_no, '交易' AS kind, t.subject, t.created_at, c.at,
       b.logon_id, c.amount_fen AS order_fen, c.amount_fen AS received_fen, '' AS request_no
  FROM charges c JOIN trades t ON t.out_trade_no = c.out_trade_no
  LEFT JOIN buyers b ON b.buyer_id = c.buyer_id
 WHERE substr(c.at, 1, 10) = :day
UNION ALL
SELECT t.trade_no, t.out_trade_no, '退款', t.subject, t.created_at, f.at,
       b.logon_id, t.total_fen, -f.amount_fen, f.out_request_no
  FROM refunds f JOIN trades t ON t.out_trade_no = f.out_trade_no
  LEFT JOIN buyers b ON b.buyer_id = t.buyer_id
 WHERE substr(f.at, 1, 10) = :day
 ORDER BY at
"""


def _entries(conn: sqlite3.Connection, bill_date: str) -> list[list[str]]:
    return [_row(dict(found)) for found in conn.execute(_ENTRIES, {"day": bill_date})]


def _apply_edits(
    conn: sqlite3.Connection, bill_date: str, rows: list[list[str]]
) -> list[list[str]]:
    edits = conn.execute(
        "SELECT kind, out_trade_no, amount_fen FROM bill_edits WHERE bill_date = ? ORDER BY id",
        (bill_date,),
    ).fetchall()
    for edit in edits:
        if edit["kind"] == "extra":
            stamp = f"{bill_date} 12:00:00"
            extra = {"trade_no": bill_date.replace("-", "") + "22001" + "9" * 15}
            extra.update(out_trade_no=edit["out_trade_no"], kind="交易", subject="?")
            extra.update(created_at=stamp, at=stamp, logon_id="", request_no="")
            rows.append(
                _row(extra | {"order_fen": edit["amount_fen"], "received_fen": edit["amount_fen"]})
            )
            continue
        for row in rows:
            if row[1] == edit["out_trade_no"] and row[2] == "交易":
                row[11] = row[12] = yuan(edit["amount_fen"])
    return rows
