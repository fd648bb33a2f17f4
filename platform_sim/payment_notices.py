"""The payment gateway's asynchronous notifies (issue 23): verified, each kept once, and
where each trade stands by them.

A notify is a form-encoded POST signed by the gateway (RSA2: SHA256withRSA over its
parameters but ``sign`` and ``sign_type``, sorted, joined ``k=v&...``). The gateway's
public key is given at start (``kiosk platform serve --gateway-public-key PATH``) and
kept in the store's ``meta`` table, so every worker reads the same one. What cannot be
verified changes nothing: a bad or missing signature, no key registered, a notify that
is not one. A notify_id heard before is answered ``success`` again and changes nothing
(the gateway resends until it reads ``success``); a notify older than the one a trade
stands by never moves it back.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import parse_qsl

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from platform_contract.payment_notices import TRADE_STATUSES, PaymentReportOut, TradeSeenOut
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.store.transaction import Tx

log = logging.getLogger(__name__)

_META_KEY = "payment_gateway_public_key"
#: a notify's signature covers every parameter but these
_UNSIGNED = frozenset({"sign", "sign_type"})
_REQUIRED = ("notify_id", "notify_time", "out_trade_no", "trade_no", "trade_status")
#: which of two notifies of the same second is the later one: money moves one way
_ORDER = {"WAIT_BUYER_PAY": 0, "TRADE_SUCCESS": 1, "TRADE_FINISHED": 2, "TRADE_CLOSED": 2}
_MAX_FIELDS = 64


class NoticeRefused(Exception):
    """Not a notify the platform can believe; the reason (no values) for the log."""


def register_gateway_key(db: Database, pem_path: Path) -> None:
    """Keep the gateway's public key (PEM) for the notifies' signatures; refuses a file
    that is not an RSA public key at start rather than every notify later."""
    pem = pem_path.read_bytes()
    if not isinstance(load_pem_public_key(pem), rsa.RSAPublicKey):
        raise ValueError(f"{pem_path} is not an RSA public key")
    with db.tx() as conn:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (_META_KEY, pem.decode("ascii")),
        )
    log.info("payment gateway key registered")


def receive_once(db: Database, body: bytes) -> None:
    """One notify in a transaction of its own; 400 ``bad_notify`` (nothing written) for
    what cannot be believed."""
    try:
        with db.tx() as conn:
            receive(conn, body)
    except NoticeRefused as refused:
        log.warning("payment notify refused", extra={"why": str(refused)})
        raise ApiError(
            400, "bad_notify", "支付通知未通过验证", "The payment notify was not verified"
        ) from None


def receive(conn: Tx, body: bytes) -> bool:
    """Verify and keep one notify; True when it was new, False for a replay.
    Raises NoticeRefused (nothing written) for anything that cannot be believed."""
    params = _params(body)
    key = _gateway_key(conn)
    if params.get("sign_type") != "RSA2" or not _signed_by(key, params):
        raise NoticeRefused("bad signature")
    missing = [name for name in _REQUIRED if not params.get(name)]
    if missing or params["trade_status"] not in TRADE_STATUSES:
        raise NoticeRefused("not a trade notify")
    amount = _fen(params.get("total_amount", ""))
    notify_time = _checked_time(params["notify_time"])
    out_trade_no, trade_no, status = (params[k] for k in _REQUIRED[2:])
    received = datetime.now(UTC).isoformat()
    if not conn.execute(
        "INSERT INTO payment_notices (notify_id, out_trade_no, trade_no, trade_status,"
        " notify_time, received_at, total_amount_fen) VALUES (?,?,?,?,?,?,?)"
        " ON CONFLICT DO NOTHING",
        (params["notify_id"], out_trade_no, trade_no, status, notify_time, received, amount),
    ).rowcount:
        return False  # heard before: answered as then, nothing changes
    now = conn.execute(
        "SELECT trade_status, notify_time FROM payment_trades WHERE out_trade_no = ?",
        (out_trade_no,),
    ).fetchone()
    if now is None:
        conn.execute(
            "INSERT INTO payment_trades (out_trade_no, trade_no, trade_status, notify_time,"
            " updated_at, amount_fen) VALUES (?,?,?,?,?,?)",
            (out_trade_no, trade_no, status, notify_time, received, amount),
        )
    elif (notify_time, _ORDER[status]) > (now["notify_time"], _ORDER[now["trade_status"]]):
        conn.execute(
            "UPDATE payment_trades SET trade_no = ?, trade_status = ?, notify_time = ?,"
            " updated_at = ?, amount_fen = ? WHERE out_trade_no = ?",
            (trade_no, status, notify_time, received, amount, out_trade_no),
        )
    else:
        log.info("older notify kept apart", extra={"out_trade_no": out_trade_no})
    log.info("payment notify", extra={"out_trade_no": out_trade_no, "trade_status": status})
    return True


def report(conn: Tx, day: str | None) -> PaymentReportOut:
    """The trades heard of (on ``day``, YYYY-MM-DD of the notify's time, when given)."""
    where, args = ("WHERE t.notify_time LIKE ?", [f"{day}%"]) if day else ("", [])
    paid_case = conn.json_text("c.payment", "out_trade_no")
    rows = conn.execute(
        "SELECT t.*, (SELECT b.bill_id FROM utility_bills b"
        "  WHERE b.out_trade_no = t.out_trade_no) AS bill_id,"
        f" (SELECT c.code FROM cases c WHERE c.payment IS NOT NULL AND {paid_case} ="
        f"  t.out_trade_no) AS case_code FROM payment_trades t {where}"
        " ORDER BY t.notify_time, t.out_trade_no",
        args,
    ).fetchall()
    trades = [
        TradeSeenOut.model_validate({k: r[k] for k in TradeSeenOut.model_fields}) for r in rows
    ]
    by_status: dict[str, int] = {}
    for trade in trades:
        by_status[trade.trade_status] = by_status.get(trade.trade_status, 0) + 1
    (notices,) = conn.execute("SELECT COUNT(*) FROM payment_notices").fetchone()
    return PaymentReportOut(notices=notices, by_status=by_status, trades=trades)


def _params(body: bytes) -> dict[str, str]:
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=True,
            max_num_fields=_MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise NoticeRefused("not a form") from None
    params = dict(pairs)
    if len(params) != len(pairs):
        raise NoticeRefused("a parameter twice")
    return params


def _gateway_key(conn: Tx) -> rsa.RSAPublicKey:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_META_KEY,)).fetchone()
    if row is None:
        raise ApiError(
            503,
            "no_gateway_key",
            "平台未配置支付网关公钥",
            "The platform has no payment gateway key to check notifies with",
        )
    key = load_pem_public_key(row["value"].encode("ascii"))
    assert isinstance(key, rsa.RSAPublicKey)  # checked when registered
    return key


def _signed_by(key: rsa.RSAPublicKey, params: Mapping[str, str]) -> bool:
    """The signature over the sorted ``k=v&...``: Alipay's rule signs every parameter
    returned; its SDKs' request signing leaves empty values out, and a gateway may sign
    a notify so. Either text, signed by this key, is the gateway's."""
    try:
        signature = base64.b64decode(params.get("sign", ""), validate=True)
    except ValueError:
        return False
    items = sorted((k, v) for k, v in params.items() if k not in _UNSIGNED)
    texts = {"&".join(f"{k}={v}" for k, v in kept) for kept in (items, [i for i in items if i[1]])}
    for text in texts:
        try:
            key.verify(signature, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            continue
        return True
    return False


def _fen(total_amount: str) -> int:
    """``86.50`` (yuan, at most two decimals) as 8650 fen."""
    try:
        yuan = Decimal(total_amount)
    except InvalidOperation:
        raise NoticeRefused("no amount") from None
    fen = yuan * 100
    if not yuan.is_finite() or fen != fen.to_integral_value() or not 0 < fen <= 10**8:
        raise NoticeRefused("no amount")
    return int(fen)


def _checked_time(notify_time: str) -> str:
    """The gateway's ``YYYY-MM-DD HH:MM:SS`` (Beijing time), which sorts as text."""
    try:
        datetime.strptime(notify_time, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise NoticeRefused("no time") from None
    return notify_time
