"""The clerks' help-desk page (``GET /help-desk``): the kiosks' open help calls, each
with its terminal, step and time, and an "acknowledge" with the expected wait.

Static: the page carries no data. It asks for the back-office token (kept in the
tab's sessionStorage, never in a URL) and calls ``/api/v1/backoffice/help-calls``;
every value is inserted as text, never as HTML. The kiosks' video calls follow
(:mod:`platform_sim.video_desk_page`), then the certificates to post
(:mod:`platform_sim.postal_desk_page`), on the same token and helpers.
"""

from __future__ import annotations

from platform_sim.clerk_pages import TOKEN_JS
from platform_sim.postal_desk_page import POSTAL_DESK_HTML
from platform_sim.video_desk_page import VIDEO_DESK_HTML

HELP_DESK_HTML = (
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>呼叫工作人员 · Help calls</title>
<style>
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #bbb; padding: .4em .8em; text-align: left; }
tr.open { background: #fff3e0; }
</style></head>
<body>
<h1>呼叫工作人员 · Help calls</h1>
<p id="status"></p>
<table><thead><tr><th>终端 Terminal</th><th>步骤 Step</th><th>呼叫时间 Called at</th>
<th>类型 Kind</th><th>状态 State</th><th></th></tr></thead>
<tbody id="calls"></tbody></table>
<script>
"use strict";
const API = "/api/v1/backoffice/help-calls";
"""
    + TOKEN_JS
    + """function cell(row, text) { const td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }
async function call(method, url, body) {
  const r = await fetch(url, { method, headers: { "Authorization": "Bearer " + token(),
    "Content-Type": "application/json" }, body: body ? JSON.stringify(body) : undefined });
  if (r.status === 401 || r.status === 403) sessionStorage.removeItem("backoffice_token");
  if (!r.ok) throw new Error(String(r.status));
  return r.json();
}
async function acknowledge(id, minutes) {
  await call("POST", API + "/" + encodeURIComponent(id) + "/acknowledge", { wait_minutes: minutes });
  await refresh();
}
async function refresh() {
  try {
    const data = await call("GET", API);
    const body = document.getElementById("calls");
    body.replaceChildren();
    for (const c of data.calls) {
      const row = document.createElement("tr");
      row.className = c.state;
      cell(row, c.terminal_id); cell(row, c.step);
      cell(row, new Date(c.called_at).toLocaleString());
      cell(row, c.kind === "callback" ? "回电 call back " + c.phone : "到场 attend");
      cell(row, c.state === "open" ? "待处理 open" : "已响应 acknowledged, ~" + c.wait_minutes + " min");
      const act = cell(row, "");
      if (c.state === "open") {
        const minutes = document.createElement("input");
        minutes.type = "number"; minutes.min = "0"; minutes.max = "120"; minutes.value = "5";
        const b = document.createElement("button");
        b.textContent = "响应 Acknowledge";
        b.onclick = () => acknowledge(c.call_id, Number(minutes.value));
        act.append(minutes, " min ", b);
      }
      body.appendChild(row);
    }
    document.getElementById("status").textContent = "";
  } catch (e) {
    document.getElementById("status").textContent = "无法读取 Cannot load: " + e.message;
  }
}
refresh();
setInterval(refresh, 5000);
</script>"""
    + VIDEO_DESK_HTML
    + POSTAL_DESK_HTML
    + "</body></html>"
)
