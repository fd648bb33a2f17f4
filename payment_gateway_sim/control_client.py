"""A small client of the ``/sim`` control routes, for the tests, the tours and the demo:
make a payer, show its payment code, scan a QR, confirm a password, arm a fault, move
the clock, edit a day's bill, read a trade."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any


class ControlError(Exception):
    """A control route answered an error (an unknown payer or trade ...)."""


@dataclass(frozen=True)
class Buyer:
    buyer_id: str
    #: masked, as the gateway's answers show the payer
    logon_id: str


class GatewayControl:
    def __init__(self, base_url: str, timeout_s: float = 10.0) -> None:
        self._base = base_url.rstrip("/") + "/sim"
        self._timeout_s = timeout_s

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(
            self._base + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self._timeout_s) as answer:
                return json.loads(answer.read())
        except urllib.error.HTTPError as error:
            raise ControlError(f"{method} {path}: {error.code} {error.read()!r}") from error

    def new_buyer(self, balance_fen: int, *, asks_password: bool = False) -> Buyer:
        answer = self._call(
            "POST", "/buyers", {"balance_fen": balance_fen, "asks_password": asks_password}
        )
        return Buyer(answer["buyer_id"], answer["logon_id"])

    def balance(self, buyer_id: str) -> int:
        return int(self._call("GET", f"/buyers/{buyer_id}")["balance_fen"])

    def payment_code(self, buyer_id: str) -> str:
        """A fresh 18-digit payment code (付款码) of the payer: one pay, within 60 s."""
        return str(self._call("POST", f"/buyers/{buyer_id}/codes")["auth_code"])

    def scan(self, qr_code: str, buyer_id: str) -> str:
        """The payer's phone scans the QR and pays: "paid", "balance_not_enough",
        "closed", "already_paid" or "unknown"."""
        return str(
            self._call("POST", "/scan", {"qr_code": qr_code, "buyer_id": buyer_id})["result"]
        )

    def confirm_password(self, out_trade_no: str) -> str:
        """The payer confirms a USERPAYING pay on the phone: "paid", "balance_not_enough" ..."""
        return str(self._call("POST", "/confirm", {"out_trade_no": out_trade_no})["result"])

    def fault(self, method: str, kind: str, *, times: int = 1, seconds: float = 0.0) -> None:
        """Arm a fault for the next ``times`` calls of ``method`` (e.g. "alipay.trade.pay"):
        "delay" (answer after ``seconds``, the work committed first), "busy" (20000),
        "bad_sign" (the answer's signature broken), "password" (pay answers 10003)."""
        self._call(
            "POST", "/faults", {"method": method, "kind": kind, "times": times, "seconds": seconds}
        )

    def clear_faults(self) -> None:
        self._call("DELETE", "/faults")

    def advance_clock(self, seconds: float) -> str:
        """Move the gateway's clock forward (QRs and payment codes expire); its new time."""
        return str(self._call("POST", "/clock", {"advance_s": seconds})["now"])

    def edit_bill(self, bill_date: str, kind: str, out_trade_no: str, amount_fen: int) -> None:
        """Put a row the kiosk never made into a day's bill (``kind`` "extra") or change a
        trade's amount in it ("alter")."""
        self._call(
            "POST",
            f"/bills/{bill_date}/edits",
            {"kind": kind, "out_trade_no": out_trade_no, "amount_fen": amount_fen},
        )

    def trade(self, out_trade_no: str) -> dict[str, Any] | None:
        """The trade as the gateway holds it, with ``charges`` (how many times money was
        taken for it) and ``refunded_fen``; None if the gateway never saw it."""
        try:
            return dict(self._call("GET", f"/trades/{out_trade_no}"))
        except ControlError as error:
            if " 404 " in str(error):
                return None
            raise

    def notifies(self, out_trade_no: str) -> list[dict[str, Any]]:
        return list(self._call("GET", f"/notifies?out_trade_no={out_trade_no}"))
