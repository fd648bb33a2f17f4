"""A matter's guide (办事指南, 一次性告知) as a small page for a phone: ``GET /guides/{code}``.

The kiosk's guide screen shows a QR of this URL (the catalogue's ``guide_url``), so the
resident takes the list of materials, the fee, the time limit and how the result comes
back home, and can come back with everything at once. Public and static: the page
carries the catalogue's data only, nothing of any person; every value is escaped.
"""

from __future__ import annotations

import html
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from platform_sim.auth import Db
from platform_sim.catalog import matter_body
from platform_sim.errors import ApiError

page_router = APIRouter()

#: a matter code as the catalogue spells them (the route's only input)
MatterCode = Annotated[str, Path(pattern=r"^[A-Za-z0-9_.\-]{1,64}$")]

_DELIVERY = {
    "locker": ("自助柜取件（凭取件码，24 小时）", "Pickup locker (with a pickup code, 24 hours)"),
    "post": ("邮寄（EMS，寄往表中地址）", "By post (EMS, to the address on the form)"),
    "in_person": ("窗口领取（本人持身份证）", "At the window (in person, with your ID card)"),
}

_STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 1em;
       line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 1.3em; margin: 0 0 .2em; } h2 { font-size: 1.05em; margin: 1.2em 0 .3em; }
.en { color: #555; font-size: .9em; } .tag { font-size: .8em; padding: 0 .4em;
       border-radius: .3em; background: #e3f2fd; margin-left: .3em; }
ul { padding-left: 1.2em; } li { margin: .3em 0; }
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _both(text: dict[str, Any]) -> str:
    return f'{_e(text["zh"])}<br><span class="en">{_e(text["en"])}</span>'


def _material(m: dict[str, Any]) -> str:
    tags = []
    if not m.get("required", True):
        tags.append("选交 optional")
    if m.get("deferrable"):
        tags.append(f"可容缺，{int(m.get('deferral_days', 0))} 日内补交 may follow later")
    if m.get("e_licence"):
        tags.append("可调用电子证照 may come from your e-licence")
    marks = "".join(f'<span class="tag">{_e(t)}</span>' for t in tags)
    return f"<li>{_both(m['name'])}{marks}</li>"


def guide_html(matter: dict[str, Any]) -> str:
    """The page for one matter, from its catalogue entry (the wire shape of MatterOut)."""
    fee = matter.get("fee") or {"zh": "不收费", "en": "Free of charge"}
    days = int(matter["processing_days"])
    delivery = "".join(
        f"<li>{_e(_DELIVERY[d][0])}<br><span class='en'>{_e(_DELIVERY[d][1])}</span></li>"
        for d in matter.get("delivery", ("locker", "post"))
        if d in _DELIVERY
    )
    materials = "".join(_material(m) for m in matter["materials"])
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>办事指南 · {_e(matter["name"]["zh"])}</title><style>{_STYLE}</style></head>
<body>
<h1>{_both(matter["name"])}</h1>
<p>{_both(matter["department"])}</p>
<h2>申请材料 Materials</h2><ul>{materials}</ul>
<h2>收费标准 Fee</h2><p>{_both(fee)}</p>
<h2>承诺时限 Time limit</h2>
<p>{days} 个工作日<br><span class="en">{days} working day{"s" if days != 1 else ""}</span></p>
<h2>送达方式 How the result comes back</h2><ul>{delivery}</ul>
<p class="en">事项编码 Matter code {_e(matter["code"])}</p>
</body></html>"""


@page_router.get("/guides/{code}", include_in_schema=False)
def guide_page(code: MatterCode, db: Db) -> HTMLResponse:
    """Public: the catalogue is public too (no terminal, no person)."""
    try:
        with db.tx() as conn:
            body = matter_body(conn, code)
    except ApiError:
        return HTMLResponse("<!doctype html><p>没有这个事项 · No such matter</p>", 404)
    return HTMLResponse(
        guide_html(body),
        headers={
            "Cache-Control": "public, max-age=3600",
            # no script at all: the page is data only
            "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        },
    )
