"""Sends the signed notifies, form-encoded POSTs to each request's notify_url, each on a
thread of its own (a merchant that never answers holds up no other merchant's notify),
again and again until the answer's body is ``success`` (the real gateway goes on for a
day, 8 tries; the simulator's backoff is short so a test sees the retries). Each
notify's attempts and outcome are kept for the tests."""

from __future__ import annotations

import logging
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

from cryptography.hazmat.primitives.asymmetric import rsa

from payment_gateway_sim.notices import Notice
from payment_gateway_sim.signing import NOTIFY_UNSIGNED, sign_text, signed_content
from payment_gateway_sim.store import GatewayStore

log = logging.getLogger(__name__)

#: the pause before each try: at once, then growing
BACKOFF_S = (0.0, 0.2, 0.5, 1.0, 2.0, 4.0)
POST_TIMEOUT_S = 5.0


class Notifier:
    def __init__(self, store: GatewayStore, gateway_key: rsa.RSAPrivateKey) -> None:
        self._store = store
        self._key = gateway_key
        self._stopping = threading.Event()

    def send(self, notices: Iterable[Notice | None], now: str) -> None:
        for notice in notices:
            if notice is None:
                continue
            with self._store.transaction() as conn:
                conn.execute(
                    "INSERT INTO notifies (notify_id, out_trade_no, trade_status, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (
                        notice.notify_id,
                        notice.params["out_trade_no"],
                        notice.params["trade_status"],
                        now,
                    ),
                )
            threading.Thread(
                target=self._deliver, args=(notice,), name="gateway-notify", daemon=True
            ).start()

    def stop(self) -> None:
        """No more tries after the one under way: a stopped gateway notifies nobody."""
        self._stopping.set()

    def _deliver(self, notice: Notice) -> None:
        # an empty value goes unsent: whether a verifier counts it in the signed text or not,
        # the text is then the same
        params = {name: value for name, value in notice.params.items() if value != ""}
        params["sign"] = sign_text(self._key, signed_content(params, leave_out=NOTIFY_UNSIGNED))
        params["sign_type"] = "RSA2"
        body = urllib.parse.urlencode(params).encode("utf-8")
        for attempt, pause in enumerate(BACKOFF_S, start=1):
            if self._stopping.wait(pause):
                return
            delivered = self._post(notice.notify_url, body)
            self._record(notice.notify_id, attempt, delivered)
            if delivered:
                return
        log.warning(
            "notify given up",
            extra={"out_trade_no": notice.params["out_trade_no"], "attempts": len(BACKOFF_S)},
        )

    def _post(self, url: str, body: bytes) -> bool:
        request = urllib.request.Request(
            url,
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=POST_TIMEOUT_S) as answer:
                return bool(answer.read().decode("utf-8", "replace").strip() == "success")
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def _record(self, notify_id: str, attempts: int, delivered: bool) -> None:
        try:
            with self._store.transaction() as conn:
                conn.execute(
                    "UPDATE notifies SET attempts = ?, delivered = ? WHERE notify_id = ?",
                    (attempts, int(delivered), notify_id),
                )
        except Exception:  # the store closed under a stopping gateway: nothing to keep
            log.debug("notify outcome not recorded", exc_info=True)
