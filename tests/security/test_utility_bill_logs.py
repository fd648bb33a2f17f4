"""Paying a utility bill logs no account number (户号, a household's) and no holder's
name: the kiosk's client and the simulator both at DEBUG, urllib3's request lines too
(the bill is looked up with the account in the query)."""

from __future__ import annotations

from flows.payment_ports import Utility
from offline_cache.client import PlatformClient
from offline_cache.utility_bills import PlatformUtilityBiller
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.security.test_no_personal_data_in_logs import Capture, all_logs  # noqa: F401

ACCOUNT = "2000000002"


def test_a_bill_found_and_settled_logs_no_account_nor_name(
    platform_sim: RunningServer,
    all_logs: Capture,  # noqa: F811 (the fixture)
) -> None:
    biller = PlatformUtilityBiller(PlatformClient(platform_sim.url, DEMO_TERMINAL_TOKEN))
    bill = biller.find_bill(Utility.ELECTRICITY, ACCOUNT)
    assert bill is not None and bill.holder_masked == "李*"
    biller.settle_bill(bill.bill_id, "K01-20261207120000-log", bill.amount_fen)
    assert biller.find_bill(Utility.ELECTRICITY, ACCOUNT) is None  # paid: a second lookup
    logged = "\n".join(all_logs.lines)
    assert "utility-bills" in logged, "the request lines were logged"
    assert ACCOUNT not in logged and "李娜" not in logged
