"""What the clerks' pages of the simulator share: each is static and holds no data, runs
only its own inline script, and asks the clerk for the back-office token once per tab
(kept in sessionStorage, never in a URL) to fetch what it shows."""

from __future__ import annotations

from fastapi.responses import HTMLResponse

#: never cached; nothing but the page's own inline script and style runs
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; script-src 'unsafe-inline';"
    " style-src 'unsafe-inline'",
}

#: ``token()``: the back-office token, asked for once per tab; ``fetchReport(url)``: a
#: report's JSON with it; ``line(table, texts, head)``: a row of text cells;
#: ``reportPage(base, param, render)``: a report page's loading
TOKEN_JS = """function token() {
  let t = sessionStorage.getItem("backoffice_token");
  if (!t) { t = prompt("后台令牌 Back-office token") || ""; sessionStorage.setItem("backoffice_token", t); }
  return t;
}
/* a back-office report's JSON; a refused token is forgotten, to be asked again */
async function fetchReport(url) {
  const r = await fetch(url, { headers: { "Authorization": "Bearer " + token() } });
  if (r.status === 401 || r.status === 403) sessionStorage.removeItem("backoffice_token");
  if (!r.ok) throw new Error(String(r.status));
  return r.json();
}
/* one row of text cells (th when head), each value set as text, never as HTML */
function line(table, texts, head) {
  const tr = table.insertRow();
  for (const text of texts) {
    const c = document.createElement(head ? "th" : "td");
    c.textContent = String(text);
    tr.appendChild(c);
  }
  return tr;
}
/* a report page: ``render`` the report at ``base``, narrowed by the value of the input
   whose id is ``param``; again on #reload; a failure is said in #status */
function reportPage(base, param, render) {
  async function load() {
    const status = document.getElementById("status");
    const value = document.getElementById(param).value;
    try {
      render(await fetchReport(value ? base + "?" + param + "=" + encodeURIComponent(value) : base));
      status.textContent = "";
    } catch (e) {
      status.textContent = "无法读取 Cannot load: " + e.message;
    }
  }
  document.getElementById("reload").onclick = load;
  load();
}
"""


def clerk_page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers=PAGE_HEADERS)
