"""The platform's side for the payments tests: the simulator on a SQLite file of the
module, a terminal's client, fresh utility bills issued by the back office, and an
outbox whose cases go to that platform."""

from __future__ import annotations

import secrets
from pathlib import Path

import requests

from flows.payment_ports import BillDue, Utility
from offline_cache.client import PlatformClient
from offline_cache.utility_bills import PlatformUtilityBiller
from platform_sim.seed import BACKOFFICE_TOKEN, DEMO_TERMINAL_TOKEN


def terminal_client(url: str) -> PlatformClient:
    return PlatformClient(url, DEMO_TERMINAL_TOKEN, timeout=3.0, connect_timeout=0.5, retries=0)


def issue_bill(url: str, amount_fen: int = 8650, utility: Utility = Utility.WATER) -> BillDue:
    """A bill due on a fresh account (the back office issues it), as the kiosk finds it."""
    account = "7" + "".join(secrets.choice("0123456789") for _ in range(9))
    resp = requests.post(
        url + "/api/v1/backoffice/utility-bills",
        json={
            "utility": utility.value,
            "account": account,
            "holder_name": "测试户",
            "period": "2026-11",
            "amount_fen": amount_fen,
        },
        headers={"Authorization": f"Bearer {BACKOFFICE_TOKEN}"},
        timeout=5,
    )
    resp.raise_for_status()
    client = terminal_client(url)
    try:
        bill = PlatformUtilityBiller(client).find_bill(utility, account)
    finally:
        client.close()
    assert bill is not None
    return bill


def close_bill(url: str, bill_id: str) -> None:
    """The back office writes the bill off: a settlement of it is refused from now on."""
    requests.post(
        url + f"/api/v1/backoffice/utility-bills/{bill_id}/close",
        headers={"Authorization": f"Bearer {BACKOFFICE_TOKEN}"},
        timeout=5,
    ).raise_for_status()


def platform_db(tmp: Path) -> Path:
    return tmp / "platform.sqlite3"
