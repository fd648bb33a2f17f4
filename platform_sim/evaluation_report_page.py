"""The clerks' page of 好差评 (``GET /evaluation-report``): the ratings residents gave
after their journeys, counted per level and reason, per matter, per terminal and per
day, with a "since" date to narrow them.

Static: the page carries no data. It asks for the back-office token (kept in the
tab's sessionStorage, never in a URL) and reads ``/api/v1/backoffice/evaluations/report``;
every value is inserted as text (``textContent``), never as HTML.
"""

from __future__ import annotations

from platform_sim.clerk_pages import TOKEN_JS

EVALUATION_REPORT_HTML = (
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>好差评 · Service evaluations</title>
<style>
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
td, th { border: 1px solid #bbb; padding: .3em .7em; text-align: right; }
td:first-child, th:first-child { text-align: left; }
</style></head>
<body>
<h1>好差评 · Service evaluations</h1>
<p><label>自 Since <input type="date" id="since"></label>
<button id="reload">刷新 Reload</button> <span id="status"></span></p>
<p id="total"></p>
<h2>评价等级 Levels</h2><table id="levels"></table>
<h2>不满意原因 Reasons</h2><table id="reasons"></table>
<h2>按事项 By matter</h2><table id="by_matter"></table>
<h2>按终端 By terminal</h2><table id="by_terminal"></table>
<h2>按日期 By day</h2><table id="by_day"></table>
<script>
"use strict";
const REPORT = "/api/v1/backoffice/evaluations/report";
const LEVELS = [["very_satisfied", "非常满意"], ["satisfied", "满意"],
  ["basically_satisfied", "基本满意"], ["dissatisfied", "不满意"],
  ["very_dissatisfied", "非常不满意"]];
const REASONS = [["long_wait", "等待时间长"], ["complicated", "操作复杂"],
  ["device_fault", "设备故障"], ["staff_attitude", "工作人员态度"], ["other", "其他"]];
"""
    + TOKEN_JS
    + """function counts(id, title, names, values) {
  const table = document.getElementById(id);
  table.replaceChildren();
  line(table, [title, "数量 Count"], true);
  for (const [key, label] of names) line(table, [label + " " + key, values[key]], false);
}
function groups(id, title, rows) {
  const table = document.getElementById(id);
  table.replaceChildren();
  line(table, [title, "合计 Total", ...LEVELS.map(l => l[1])], true);
  for (const r of rows) line(table, [r.key || "—", r.total, ...LEVELS.map(l => r.levels[l[0]])], false);
}
reportPage(REPORT, "since", report => {
  document.getElementById("total").textContent = "共 " + report.total + " 条评价 / ratings";
  counts("levels", "等级 Level", LEVELS, report.levels);
  counts("reasons", "原因 Reason", REASONS, report.reasons);
  groups("by_matter", "事项 Matter", report.by_matter);
  groups("by_terminal", "终端 Terminal", report.by_terminal);
  groups("by_day", "日期 Day", report.by_day);
});
</script></body></html>
"""
)
