"""A matter's guide (办事指南) for a phone: the catalogue names its page, the simulator
serves it, and what the kiosk's client reads from the catalogue is a URL a phone can
open (issue 19 item 7)."""

from __future__ import annotations

import requests

from flows.domain import Delivery
from offline_cache.client import PlatformClient
from platform_sim.guides import guide_html
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer


def test_the_catalogue_carries_the_guide_and_its_page_opens(server: RunningServer) -> None:
    client = PlatformClient(server.url, DEMO_TERMINAL_TOKEN, timeout=3.0, retries=0)
    hj001 = client.catalog().matter("HJ001")
    # fee, time limit, delivery and which materials an e-licence may stand in for
    assert hj001.fee.zh == "工本费 20 元" and hj001.processing_days == 15
    assert hj001.delivery == (Delivery.LOCKER, Delivery.POST, Delivery.IN_PERSON)
    assert {m.code for m in hj001.materials if m.e_licence} == {"hukou"}
    # the catalogue's path, made a URL on the platform the kiosk speaks to
    assert hj001.guide_url == server.url + "/guides/HJ001"

    page = requests.get(hj001.guide_url, timeout=5)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src" not in page.headers["content-security-policy"]
    body = page.text
    for text in ("居民身份证换领", "居民户口簿", "可调用电子证照", "工本费 20 元", "15 个工作日"):
        assert text in body
    assert "自助柜取件" in body and "邮寄" in body and "窗口领取" in body


def test_a_free_matter_says_so(server: RunningServer) -> None:
    body = requests.get(server.url + "/guides/SW001", timeout=5).text
    assert "不收费" in body and "Free of charge" in body


def test_an_unknown_or_malformed_code_is_refused(server: RunningServer) -> None:
    assert requests.get(server.url + "/guides/NOPE1", timeout=5).status_code == 404
    too_long = "A" * 65
    assert requests.get(server.url + f"/guides/{too_long}", timeout=5).status_code == 422
    assert requests.get(server.url + "/guides/a%3Cb", timeout=5).status_code == 422


def test_values_are_escaped() -> None:
    hostile = {
        "code": "X1",
        "name": {"zh": "<script>alert(1)</script>", "en": "a & b"},
        "department": {"zh": "d", "en": "d"},
        "processing_days": 1,
        "materials": [{"code": "m", "name": {"zh": '"><img src=x>', "en": "m"}}],
    }
    page = guide_html(hostile)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and "a &amp; b" in page
