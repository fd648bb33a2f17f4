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

#: ``token()``: the back-office token, asked for once per tab
TOKEN_JS = """function token() {
  let t = sessionStorage.getItem("backoffice_token");
  if (!t) { t = prompt("后台令牌 Back-office token") || ""; sessionStorage.setItem("backoffice_token", t); }
  return t;
}
"""


def clerk_page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers=PAGE_HEADERS)
