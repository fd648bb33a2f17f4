"""``kiosk doctor``'s payment lines (issue 23): is the gateway there, and do the keys
hold both ways? A query of a trade no one ever made must come back ACQ.TRADE_NOT_EXIST
in an answer signed by the gateway's key: a request the gateway could not check with
the app's public key, or an answer this kiosk cannot check with the gateway's, fails.
Then the ledger: trades the recovery has not brought to an end."""

from __future__ import annotations

import secrets

from device_contracts import Text
from flows.domain import HealthCheck
from flows.payment_ports import GatewayStatus, GatewayUnreachable, PaymentGateway
from payments.gateway_client import GatewayNotBelieved
from payments.trade_ledger import SqliteTradeLedger

GATEWAY_DOWN = Text(
    "检查网络和 [payments] gateway_url；缴费磁贴暂停，已付款项重启后自动核对",
    "Check the network and [payments] gateway_url; trades are checked again at restart",
)
KEYS_WRONG = Text(
    "核对 [payments] app_id、app_private_key 与 gateway_public_key 是否与支付网关登记的一致",
    "Check [payments] app_id, app_private_key and gateway_public_key against the gateway's",
)
TRADES_LEFT = Text(
    "运行 kiosk payments recover 查看原因；仍未办结的交易请联系后台对账",
    "Run kiosk payments recover to see why; trades still open go to the back office",
)


def gateway_check(gateway: PaymentGateway) -> HealthCheck:
    probe = f"KDOCTOR-{secrets.token_hex(8)}"  # a number never used for a trade
    try:
        answer = gateway.query(probe)
    except GatewayNotBelieved:
        return HealthCheck("payment gateway", False, "answer not signed by its key", KEYS_WRONG)
    except GatewayUnreachable:
        return HealthCheck("payment gateway", False, "not answering", GATEWAY_DOWN)
    if answer.status is not GatewayStatus.NOT_EXIST:
        summary = f"refused the check ({answer.sub_code or answer.status.value})"
        return HealthCheck("payment gateway", False, summary, KEYS_WRONG)
    return HealthCheck("payment gateway", True, "answering, keys hold")


def ledger_check(ledger: SqliteTradeLedger) -> HealthCheck:
    left = ledger.unsettled()
    summary = f"{len(left)} trades not settled" if left else "every trade settled"
    return HealthCheck("payment trades", True, summary, TRADES_LEFT, warning=bool(left))
