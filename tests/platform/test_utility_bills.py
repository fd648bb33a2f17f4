"""便民缴费 on the platform, on both stores: the seeded accounts' bills with the holder
masked, the settlement (idempotent by the trade number; refused when paid by another
trade, closed, or for another amount), the back office's bills; and the kiosk's client
(``offline_cache.utility_bills``) against the running simulator."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import requests

from flows.payment_ports import BillDue, SettleOutcome, Utility
from flows.ports import PlatformUnavailable
from offline_cache.client import PlatformClient
from offline_cache.errors import PlatformRejected
from offline_cache.utility_bills import PlatformUtilityBiller
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.platform.helpers import backoffice, free_port, session

#: (utility, account) -> (holder masked, period, amount) of the seeded bills due
SEEDED = {
    ("water", "1000000001"): ("张*", "2026-11", 8650),
    ("electricity", "2000000002"): ("李*", "2026-11", 12345),
    ("gas", "3000000003"): ("王*", "2026-11", 4200),
    ("heating", "4000000004"): ("赵*", "2025-26", 260000),
}
_accounts = itertools.count(5_000_000_001)


def _find(api: str, utility: str, account: str) -> requests.Response:
    params = {"utility": utility, "account": account}
    return session().get(f"{api}/utility-bills", params=params, timeout=10)


def _settle(api: str, bill_id: str, out_trade_no: str, amount_fen: int) -> requests.Response:
    body = {"out_trade_no": out_trade_no, "amount_fen": amount_fen}
    return session().post(f"{api}/utility-bills/{bill_id}/settlements", json=body, timeout=10)


def _issue(api: str, amount_fen: int = 3300, **fields: str) -> dict[str, Any]:
    """A fresh bill due on an account of its own (tests leave the seeded ones alone)."""
    body = {"utility": "water", "account": str(next(_accounts)), "holder_name": "钱小红"}
    body |= {"period": "2026-12", "amount_fen": amount_fen, **fields}  # type: ignore[dict-item]
    resp = backoffice().post(f"{api}/backoffice/utility-bills", json=body, timeout=10)
    assert resp.status_code == 201, resp.text
    answer: dict[str, Any] = resp.json()
    return answer


def test_the_seeded_accounts_have_their_bills_with_the_holder_masked(api: str) -> None:
    for (utility, account), (holder, period, amount) in SEEDED.items():
        resp = _find(api, utility, account)
        assert resp.status_code == 200, resp.text
        bill = resp.json()
        assert (bill["holder_masked"], bill["period"], bill["amount_fen"]) == (
            holder,
            period,
            amount,
        )
        assert (bill["utility"], bill["account"]) == (utility, account)
        assert account not in bill["bill_id"]  # the kiosk's ledger keeps the id
    assert "张伟" not in _find(api, "water", "1000000001").text


def test_no_bill_for_a_paid_or_unknown_account_nor_without_a_token(api: str) -> None:
    for utility, account in (("water", "1000000009"), ("gas", "1000000001"), ("water", "999999")):
        resp = _find(api, utility, account)
        assert resp.status_code == 404 and resp.json()["error"] == "no_bill"
    assert _find(api, "water", "12ab").status_code == 422
    params = {"utility": "water", "account": "1000000001"}
    assert requests.get(f"{api}/utility-bills", params=params, timeout=5).status_code == 401


def test_a_settlement_again_by_the_same_trade_changes_nothing(api: str) -> None:
    bill = _issue(api)
    for _ in range(2):
        resp = _settle(api, bill["bill_id"], "K01-20261207093000-a1", bill["amount_fen"])
        assert resp.status_code == 200 and resp.json() == {"status": "settled", "reason": None}
    assert _find(api, "water", bill["account"]).status_code == 404  # nothing due any more
    other = _settle(api, bill["bill_id"], "K01-20261207093100-b2", bill["amount_fen"])
    assert other.status_code == 409
    assert other.json() == {"status": "refused", "reason": "already_paid"}


def test_a_settlement_is_refused_for_another_amount_or_a_closed_bill(api: str) -> None:
    bill = _issue(api, amount_fen=5000)
    wrong = _settle(api, bill["bill_id"], "K01-20261207094000-c3", 4999)
    assert wrong.status_code == 409 and wrong.json()["reason"] == "amount_changed"
    closed = backoffice().post(f"{api}/backoffice/utility-bills/{bill['bill_id']}/close", timeout=5)
    assert closed.status_code == 200
    late = _settle(api, bill["bill_id"], "K01-20261207094000-c3", 5000)
    assert late.status_code == 409 and late.json()["reason"] == "closed"
    unknown = _settle(api, "UB-0000000000000000", "K01-20261207094000-c3", 5000)
    assert unknown.status_code == 404 and unknown.json()["error"] == "no_bill"


def test_the_back_office_issues_one_bill_an_account_a_period(api: str) -> None:
    bill = _issue(api, amount_fen=777, utility="gas")
    assert bill["holder_masked"] == "钱**" and bill["amount_fen"] == 777
    again = {**bill, "holder_name": "钱小红"}
    del again["bill_id"], again["holder_masked"]
    resp = backoffice().post(f"{api}/backoffice/utility-bills", json=again, timeout=5)
    assert resp.status_code == 409 and resp.json()["error"] == "bill_exists"
    assert (
        session().post(f"{api}/backoffice/utility-bills", json=again, timeout=5).status_code == 403
    )
    paid = _issue(api)
    _settle(api, paid["bill_id"], "K01-20261207095000-d4", paid["amount_fen"])
    close = backoffice().post(f"{api}/backoffice/utility-bills/{paid['bill_id']}/close", timeout=5)
    assert close.status_code == 409 and close.json()["error"] == "bill_paid"


# ------------------------------------------------------------------ the kiosk's client


@pytest.fixture(scope="module")
def biller(server: RunningServer) -> PlatformUtilityBiller:
    return PlatformUtilityBiller(PlatformClient(server.url, DEMO_TERMINAL_TOKEN, retries=0))


def test_the_client_finds_a_bill_and_nothing_where_nothing_is_due(
    biller: PlatformUtilityBiller,
) -> None:
    found = biller.find_bill(Utility.ELECTRICITY, "2000000002")
    assert found is not None
    assert found == BillDue(
        found.bill_id, Utility.ELECTRICITY, "2000000002", "李*", "2026-11", 12345
    )
    assert biller.find_bill(Utility.WATER, "1000000009") is None  # paid already
    assert biller.find_bill(Utility.HEATING, "1000000001") is None
    for not_an_account in ("12ab", "123", "1" * 21, "", "https://example.com/?a=1&b=2"):
        assert biller.find_bill(Utility.WATER, not_an_account) is None


def test_the_client_settles_once_and_says_refused_for_another_trade(
    api: str, biller: PlatformUtilityBiller
) -> None:
    bill = _issue(api, amount_fen=1234)
    settle = biller.settle_bill
    assert settle(bill["bill_id"], "K01-20261207100000-e5", 1234) is SettleOutcome.SETTLED
    assert settle(bill["bill_id"], "K01-20261207100000-e5", 1234) is SettleOutcome.SETTLED
    assert settle(bill["bill_id"], "K01-20261207100100-f6", 1234) is SettleOutcome.REFUSED
    other = _issue(api, amount_fen=900)
    assert settle(other["bill_id"], "K01-20261207100200-g7", 901) is SettleOutcome.REFUSED
    assert settle("UB-ffffffffffffffff", "K01-20261207100300-h8", 900) is SettleOutcome.REFUSED


def test_the_client_says_unavailable_when_the_platform_does_not_answer(
    server: RunningServer,
) -> None:
    nobody = PlatformUtilityBiller(
        PlatformClient(f"http://127.0.0.1:{free_port()}", DEMO_TERMINAL_TOKEN, retries=0)
    )
    with pytest.raises(PlatformUnavailable):
        nobody.find_bill(Utility.WATER, "1000000001")
    with pytest.raises(PlatformUnavailable):
        nobody.settle_bill("UB-ffffffffffffffff", "K01-20261207100400-i9", 100)
    stranger = PlatformUtilityBiller(PlatformClient(server.url, "not-a-token", retries=0))
    with pytest.raises(PlatformRejected):
        stranger.find_bill(Utility.WATER, "1000000001")
