"""The clerks' page of a case's signed commitment (``GET /case-commitment``, 告知承诺制):
the clerk types a case code (or opens ``/case-commitment#CASE-...``) and sees the form's
title and version, the time, the terminal, whether the signature verifies with the
terminal's key and that key's fingerprint, and the signature drawn from its strokes.

Static: the page carries no data. It asks for the back-office token (kept in the tab's
sessionStorage, never in a URL) and reads ``/api/v1/backoffice/cases/{code}/commitment``.
Every value is inserted as text (``textContent``), never as HTML; the signature is an
inline SVG whose only input is numbers (each coordinate through ``Number`` and checked
finite), in the strokes' own box stretched to the pad's shape, as the kiosk drew it.
"""

from __future__ import annotations

from device_contracts.hand_signature import BOX
from platform_sim.clerk_pages import TOKEN_JS

#: width to height of the drawn signature: the kiosk's pad's (kiosk.ui.widgets.signature)
_PAD_ASPECT = 2.5
_HEIGHT = 220

_SIGNATURE_SVG = (
    f'<svg id="signature" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {BOX} {BOX}"'
    f' preserveAspectRatio="none" width="{round(_HEIGHT * _PAD_ASPECT)}" height="{_HEIGHT}"'
    ' role="img" aria-label="手写签名 hand signature"></svg>'
)

CASE_COMMITMENT_HTML = (
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>告知承诺书 · Signed commitment</title>
<style>
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #bbb; padding: .4em .8em; text-align: left; }
th { background: #f5f5f5; font-weight: normal; }
.verified { color: #1b5e20; font-weight: bold; }
.refused { color: #b71c1c; font-weight: bold; }
#fingerprint { font-family: monospace; }
#signature { border: 1px dashed #999; background: #fffdf5; display: block; }
#signature polyline { fill: none; stroke: #111; stroke-width: 3px; stroke-linecap: round;
  stroke-linejoin: round; vector-effect: non-scaling-stroke; }
#signature circle { fill: #111; }
</style></head>
<body>
<h1>告知承诺书 · Signed commitment</h1>
<form id="find"><label>办件编号 Case <input id="code" size="28" maxlength="64" required></label>
<button>查看 Show</button></form>
<p id="status"></p>
<section id="commitment" hidden>
<h2 id="title"></h2>
<table>
<tr><th>办件 Case</th><td id="case"></td></tr>
<tr><th>事项 Matter</th><td id="matter"></td></tr>
<tr><th>承诺书 Form</th><td id="form"></td></tr>
<tr><th>签署时间 Signed at</th><td id="signed-at"></td></tr>
<tr><th>终端 Terminal</th><td id="terminal"></td></tr>
<tr><th>签名校验 Signature</th><td id="verified"></td></tr>
<tr><th>终端密钥指纹 Terminal key fingerprint (SHA-256)</th><td id="fingerprint"></td></tr>
</table>
<h3>手写签名 Hand signature</h3>
"""
    + _SIGNATURE_SVG
    + """
</section>
<script>
"use strict";
const SVG_NS = "http://www.w3.org/2000/svg";
"""
    + TOKEN_JS
    + """function put(id, text) { document.getElementById(id).textContent = text; }
function status(text) { put("status", text); }
function coordinates(stroke) {
  // numbers only reach the drawing: anything else is left out
  return stroke.map((p) => [Number(p[0]), Number(p[1])])
    .filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
}
function draw(strokes) {
  const svg = document.getElementById("signature");
  svg.replaceChildren();
  for (const stroke of strokes) {
    const points = coordinates(stroke);
    if (points.length === 1) {
      const dot = document.createElementNS(SVG_NS, "circle");
      dot.setAttribute("cx", String(points[0][0])); dot.setAttribute("cy", String(points[0][1]));
      dot.setAttribute("r", "40");
      svg.appendChild(dot);
    } else if (points.length > 1) {
      const line = document.createElementNS(SVG_NS, "polyline");
      line.setAttribute("points", points.map(([x, y]) => x + "," + y).join(" "));
      svg.appendChild(line);
    }
  }
}
function show(c) {
  put("title", c.title ? c.title.zh + " · " + c.title.en : c.form_id + "（目录已更新版本 the catalogue has a newer version）");
  put("case", c.case_code);
  put("matter", c.matter_code + " " + c.matter_name.zh + " · " + c.matter_name.en);
  put("form", c.form_id + " 第 " + c.version + " 版 version " + c.version);
  put("signed-at", new Date(c.signed_at).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) + " (" + c.signed_at + ")");
  put("terminal", c.terminal_id);
  const verified = document.getElementById("verified");
  verified.className = c.verified ? "verified" : "refused";
  verified.textContent = c.verified
    ? "✔ 已验证 Verified — 终端密钥 key " + c.key_id
    : "✘ 未通过校验 NOT verified — 终端密钥 key " + c.key_id;
  put("fingerprint", c.key_fingerprint ? (c.key_fingerprint.match(/.{1,4}/g) || []).join(" ") : "—（未登记 no registered key）");
  draw(c.strokes);
  document.getElementById("commitment").hidden = false;
}
async function load(code) {
  document.getElementById("commitment").hidden = true;
  status("读取中 Loading …");
  try {
    const r = await fetch("/api/v1/backoffice/cases/" + encodeURIComponent(code) + "/commitment",
      { headers: { "Authorization": "Bearer " + token() } });
    if (r.status === 401 || r.status === 403) sessionStorage.removeItem("backoffice_token");
    if (r.status === 404) { status("该办件没有签署承诺书 No signed commitment for this case: " + code); return; }
    if (!r.ok) throw new Error(String(r.status));
    show(await r.json());
    status("");
  } catch (e) {
    status("无法读取 Cannot load: " + e.message);
  }
}
document.getElementById("find").onsubmit = (e) => {
  e.preventDefault();
  const code = document.getElementById("code").value.trim();
  location.hash = encodeURIComponent(code);
  load(code);
};
const asked = decodeURIComponent(location.hash.slice(1));
if (asked) { document.getElementById("code").value = asked; load(asked); }
</script></body></html>
"""
)
