"""The clerks' page of the payments (``GET /payments-report``, issue 23): the trades the
gateway's notifies told of, counted by status, and each with its trade numbers, amount,
time and what it paid (a utility bill, a case's fee), for a day or all of them.

Static: the page carries no data. It asks for the back-office token (kept in the tab's
sessionStorage, never in a URL) and reads ``/api/v1/backoffice/payments/report``; every
value is inserted as text (``textContent``), never as HTML.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from platform_sim.clerk_pages import TOKEN_JS, clerk_page

page_router = APIRouter()

PAYMENTS_REPORT_HTML = (
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>缴费对账 · Payments</title>
<style>
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
td, th { border: 1px solid #bbb; padding: .3em .7em; text-align: left; }
td.amount { text-align: right; }
</style></head>
<body>
<h1>缴费对账 · Payments</h1>
<p><label>日期 Day <input type="date" id="day"></label>
<button id="reload">刷新 Reload</button> <span id="status"></span></p>
<p id="notices"></p>
<h2>按状态 By status</h2><table id="by_status"></table>
<h2>交易 Trades</h2><table id="trades"></table>
<script>
"use strict";
const REPORT = "/api/v1/backoffice/payments/report";
const STATUSES = {WAIT_BUYER_PAY: "等待付款", TRADE_SUCCESS: "已付款",
  TRADE_FINISHED: "已完结", TRADE_CLOSED: "已关闭/已退款"};
"""
    + TOKEN_JS
    + """function what(t) {
  if (t.bill_id) return "账单 bill " + t.bill_id;
  if (t.case_code) return "办件 case " + t.case_code;
  return "—";
}
reportPage(REPORT, "day", report => {
  document.getElementById("notices").textContent =
    "共收到 " + report.notices + " 条支付通知 / notifies received";
  const byStatus = document.getElementById("by_status");
  byStatus.replaceChildren();
  line(byStatus, ["状态 Status", "笔数 Trades"], true);
  for (const [key, count] of Object.entries(report.by_status)) {
    line(byStatus, [(STATUSES[key] || "") + " " + key, count], false);
  }
  const trades = document.getElementById("trades");
  trades.replaceChildren();
  line(trades, ["商户订单号 out_trade_no", "支付宝交易号 trade_no", "状态 Status",
    "金额 Amount (元)", "通知时间 Notified", "用途 Paid for"], true);
  for (const t of report.trades) {
    const row = line(trades, [t.out_trade_no, t.trade_no, t.trade_status,
      (t.amount_fen / 100).toFixed(2), t.notify_time, what(t)], false);
    row.cells[3].className = "amount";
  }
});
</script></body></html>
"""
)


@page_router.get("/payments-report", include_in_schema=False, response_class=HTMLResponse)
def payments_report_page() -> HTMLResponse:
    return clerk_page(PAYMENTS_REPORT_HTML)
