"""The payment gateway's notifies at the platform, on both stores: a notify signed with
the gateway's key (one this test makes, given at start as ``--gateway-public-key`` is) is
kept and answered ``success``; a forged or altered one is 400 and changes nothing; a
replayed one changes nothing; an older one never moves a trade back; the back office's
report says where each trade stands and what it paid."""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from platform_sim.server import RunningServer, start_in_subprocess, start_in_thread
from tests.platform.clerk_browser import clerk_tab
from tests.platform.helpers import backoffice, session
from tests.platform.test_matter_fees import FEE_FEN, fee_case_body, submit_case

GATEWAY_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
FORGER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def write_gateway_public_key(directory: Path) -> Path:
    """The gateway's public key as a PEM file, as the gateway simulator leaves it."""
    path = directory / "gateway_public.pem"
    path.write_bytes(
        GATEWAY_KEY.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


@pytest.fixture(scope="module")
def gateway_public_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_gateway_public_key(tmp_path_factory.mktemp("gateway"))


@pytest.fixture(scope="module")
def server(store: str, gateway_public_key: Path) -> Iterator[RunningServer]:
    """This module's simulator knows the gateway's key (the conftest's does not)."""
    running = start_in_thread(store, gateway_public_key=gateway_public_key)
    yield running
    running.stop()


def notice(out_trade_no: str, status: str = "TRADE_SUCCESS", **extra: str) -> dict[str, str]:
    params = {
        "notify_id": uuid.uuid4().hex,
        "notify_time": "2026-12-07 10:00:00",
        "notify_type": "trade_status_sync",
        "app_id": "2026000000000001",
        "trade_no": "2026120722001400000001",
        "out_trade_no": out_trade_no,
        "trade_status": status,
        "total_amount": "86.50",
    }
    return params | extra


def signed(params: dict[str, str], key: rsa.RSAPrivateKey = GATEWAY_KEY) -> dict[str, str]:
    """As the gateway signs a notify: the sorted k=v of all but sign and sign_type."""
    text = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if v != "")
    signature = key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())
    return params | {"sign": base64.b64encode(signature).decode(), "sign_type": "RSA2"}


def post(api: str, params: dict[str, str]) -> requests.Response:
    headers = {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}
    return requests.post(
        f"{api}/payments/notify", data=urlencode(params), headers=headers, timeout=5
    )


def report(api: str, **query: str) -> dict[str, Any]:
    resp = backoffice().get(f"{api}/backoffice/payments/report", params=query, timeout=5)
    assert resp.status_code == 200, resp.text
    answer: dict[str, Any] = resp.json()
    return answer


def trade(api: str, out_trade_no: str) -> dict[str, Any] | None:
    return next((t for t in report(api)["trades"] if t["out_trade_no"] == out_trade_no), None)


def new_trade_no() -> str:
    return f"K01-20261207100000-{uuid.uuid4().hex[:8]}"


def test_a_signed_notify_is_kept_and_answered_success(api: str) -> None:
    out_trade_no = new_trade_no()
    resp = post(api, signed(notice(out_trade_no)))
    assert resp.status_code == 200 and resp.text == "success"
    seen = trade(api, out_trade_no)
    assert seen is not None
    assert (seen["trade_status"], seen["amount_fen"]) == ("TRADE_SUCCESS", 8650)
    assert report(api, day="2026-12-07")["by_status"]["TRADE_SUCCESS"] >= 1
    assert all(t["out_trade_no"] != out_trade_no for t in report(api, day="2026-12-08")["trades"])


def test_a_forged_or_altered_notify_is_refused_and_changes_nothing(api: str) -> None:
    before = report(api)
    out_trade_no = new_trade_no()
    forged = signed(notice(out_trade_no), FORGER_KEY)
    altered = signed(notice(out_trade_no)) | {"total_amount": "0.01"}
    unsigned = notice(out_trade_no) | {"sign_type": "RSA2"}
    other_type = signed(notice(out_trade_no)) | {"sign_type": "RSA"}
    for params in (forged, altered, unsigned, other_type):
        resp = post(api, params)
        assert resp.status_code == 400 and resp.json()["error"] == "bad_notify"
    resp = requests.post(f"{api}/payments/notify", data=b"\xff\xfe", timeout=5)
    assert resp.status_code == 400
    assert report(api) == before


def test_a_replayed_notify_changes_nothing(api: str) -> None:
    out_trade_no = new_trade_no()
    paid = signed(notice(out_trade_no, notify_time="2026-12-07 10:01:00"))
    closed = signed(notice(out_trade_no, "TRADE_CLOSED", notify_time="2026-12-07 10:05:00"))
    assert post(api, paid).text == "success"
    assert post(api, closed).text == "success"
    notices = report(api)["notices"]
    assert post(api, paid).text == "success"  # heard before: answered as then
    assert report(api)["notices"] == notices
    assert trade(api, out_trade_no)["trade_status"] == "TRADE_CLOSED"  # type: ignore[index]


def test_an_older_notify_never_moves_a_trade_back(api: str) -> None:
    out_trade_no = new_trade_no()
    at = "2026-12-07 10:10:00"
    assert post(api, signed(notice(out_trade_no, "TRADE_CLOSED", notify_time=at))).ok
    # the success of before, resent under a new notify_id: older, and of the same second
    for when in ("2026-12-07 10:09:58", at):
        assert post(api, signed(notice(out_trade_no, notify_time=when))).text == "success"
    seen = trade(api, out_trade_no)
    assert seen is not None and (seen["trade_status"], seen["notify_time"]) == ("TRADE_CLOSED", at)


def test_the_report_says_what_each_trade_paid(api: str) -> None:
    body = {"utility": "gas", "account": "7100000001", "holder_name": "周杰", "period": "2026-12"}
    bill = backoffice().post(
        f"{api}/backoffice/utility-bills", json=body | {"amount_fen": 8650}, timeout=5
    )
    out_trade_no = new_trade_no()
    assert post(api, signed(notice(out_trade_no))).text == "success"
    settled = session().post(
        f"{api}/utility-bills/{bill.json()['bill_id']}/settlements",
        json={"out_trade_no": out_trade_no, "amount_fen": 8650},
        timeout=5,
    )
    assert settled.status_code == 200
    seen = trade(api, out_trade_no)
    assert seen is not None and seen["bill_id"] == bill.json()["bill_id"]
    assert seen["case_code"] is None
    assert requests.get(f"{api}/backoffice/payments/report", timeout=5).status_code == 401


def test_a_platform_without_the_gateways_key_believes_no_notify(tmp_path: Path) -> None:
    running = start_in_thread(tmp_path / "platform.sqlite3")  # the store is not what is tested
    try:
        resp = post(running.url + "/api/v1", signed(notice(new_trade_no())))
        assert resp.status_code == 503 and resp.json()["error"] == "no_gateway_key"
    finally:
        running.stop()


def test_the_simulators_child_process_takes_the_key(
    tmp_path: Path, gateway_public_key: Path
) -> None:
    """As the demo starts it (and ``kiosk platform serve --gateway-public-key``)."""
    child = start_in_subprocess(
        tmp_path / "platform.sqlite3", gateway_public_key=gateway_public_key
    )
    try:
        assert post(child.url + "/api/v1", signed(notice(new_trade_no()))).text == "success"
    finally:
        child.stop()


def test_a_case_whose_payment_the_gateways_notify_contradicts_is_refused(api: str) -> None:
    out_trade_no = new_trade_no()
    heard = notice(out_trade_no, trade_no="2026120722001400777777", total_amount="40.00")
    assert post(api, signed(heard)).text == "success"
    payment = {"out_trade_no": out_trade_no, "trade_no": "2026120722001400888888"}
    status, answer = submit_case(api, fee_case_body(payment | {"amount_fen": FEE_FEN}))
    assert status == 422 and answer["error"] == "fee_mismatch"
    payment["trade_no"] = heard["trade_no"]
    status, case = submit_case(api, fee_case_body(payment | {"amount_fen": FEE_FEN}))
    assert status == 201, case
    assert trade(api, out_trade_no)["case_code"] == case["case_code"]  # type: ignore[index]


def test_the_clerks_page_shows_the_trades(tmp_path: Path, gateway_public_key: Path) -> None:
    """/payments-report in a clerk's browser (Debian's Chromium): the counts by status and
    each trade's numbers, amount, time and what it paid, inserted as text."""
    running = start_in_thread(tmp_path / "platform.sqlite3", gateway_public_key=gateway_public_key)
    try:
        api = running.url + "/api/v1"
        paid, refunded = new_trade_no(), new_trade_no()
        assert post(api, signed(notice(paid))).text == "success"
        assert post(api, signed(notice(refunded, "TRADE_CLOSED", total_amount="12.34"))).ok
        with clerk_tab() as page:
            page.goto(running.url + "/payments-report")
            page.wait_for_selector("#trades tr:nth-child(3)")
            rows = page.eval_on_selector_all(
                "#trades tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
            )
            statuses = page.eval_on_selector_all(
                "#by_status tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
            )
            shots = Path(os.environ.get("KIOSK_SCREENSHOT_DIR") or tmp_path)
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "payments-report.png"), full_page=True)
    finally:
        running.stop()
    by_trade = {row[0]: row[1:] for row in rows[1:]}
    assert by_trade[paid][1:4] == ["TRADE_SUCCESS", "86.50", "2026-12-07 10:00:00"]
    assert by_trade[refunded][1:3] == ["TRADE_CLOSED", "12.34"]
    assert {row[0]: row[1] for row in statuses[1:]} == {
        "已付款 TRADE_SUCCESS": "1",
        "已关闭/已退款 TRADE_CLOSED": "1",
    }
