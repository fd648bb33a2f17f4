"""The payment gateway as the flows see it (:class:`flows.payment_ports.PaymentGateway`),
over python-alipay-sdk: every request signed RSA2 with the kiosk's app key, every answer
verified against the gateway's public key before a word of it is believed.

Whatever leaves the trade's result unknown (no answer within the SDK's timeout, a broken
connection, 20000 service busy, an answer unsigned or wrongly signed) raises
:class:`flows.payment_ports.GatewayUnreachable`: the caller queries, never assumes.
The payment code (auth_code) goes into the signed request only: it is never logged, and
no exception raised here carries the request (the SDK puts it in the URL).
"""

from __future__ import annotations

import http.client
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from flows.payment_ports import (
    CancelOutcome,
    GatewayAnswer,
    GatewayUnreachable,
    TradeRequest,
)
from payments import gateway_answers as answers

if TYPE_CHECKING:
    from payments.alipay_sdk import SiteAliPay

log = logging.getLogger(__name__)

#: seconds the SDK waits for an answer: longer than the gateway's own few seconds, short
#: enough that a resident is told to wait while the kiosk queries
DEFAULT_TIMEOUT_S = 5.0
#: how long an unpaid payment QR stays payable (alipay.trade.precreate)
QR_TIMEOUT = "2m"
#: the platform's route the gateway tells about paid and refunded trades
NOTIFY_PATH = "/api/v1/payments/notify"


class GatewayNotBelieved(GatewayUnreachable):
    """An answer came, but unsigned or not signed by the gateway's key: wrong keys at
    this site, or someone in between. Its content is never used."""


@dataclass(frozen=True)
class GatewaySettings:
    """Where the gateway is and the keys both sides sign with (PEM text)."""

    url: str
    app_id: str
    app_private_key: str
    gateway_public_key: str
    notify_url: str | None = None
    timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def from_files(
        cls,
        url: str,
        app_id: str,
        app_private_key: Path,
        gateway_public_key: Path,
        *,
        platform_url: str | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
    ) -> GatewaySettings:
        return cls(
            url=url,
            app_id=app_id,
            app_private_key=app_private_key.read_text(),
            gateway_public_key=gateway_public_key.read_text(),
            notify_url=None if platform_url is None else platform_url.rstrip("/") + NOTIFY_PATH,
            timeout_s=timeout_s,
        )

    def __repr__(self) -> str:
        return f"GatewaySettings(url={self.url!r}, app_id={self.app_id!r}, <keys hidden>)"


#: what the SDK raises when the result cannot be known: the network, the HTTP layer, a
#: body that is not JSON (ValueError), an answer whose shape is not the gateway's
_NO_ANSWER = (OSError, http.client.HTTPException, ValueError, KeyError, TypeError, AttributeError)


class AlipayGateway:
    """Implements :class:`flows.payment_ports.PaymentGateway`; safe to share between
    threads (the SDK keeps no state between calls)."""

    def __init__(self, settings: GatewaySettings) -> None:
        # the keys are checked now (a site's wrong file stops the start, not a payment);
        # the SDK (pycryptodome, pyOpenSSL: ~0.1 s) loads at the first call, off the
        # cold start's path
        serialization.load_pem_private_key(settings.app_private_key.encode(), password=None)
        serialization.load_pem_public_key(settings.gateway_public_key.encode())
        self.settings = settings
        self._client: SiteAliPay | None = None
        self._client_lock = threading.Lock()

    @property
    def _sdk(self) -> SiteAliPay:
        with self._client_lock:
            if self._client is None:
                from payments.alipay_sdk import SiteAliPay

                s = self.settings
                self._client = SiteAliPay(
                    gateway_url=s.url,
                    app_id=s.app_id,
                    app_private_key=s.app_private_key,
                    gateway_public_key=s.gateway_public_key,
                    notify_url=s.notify_url,
                    timeout_s=s.timeout_s,
                )
            return self._client

    def precreate(self, trade: TradeRequest) -> GatewayAnswer:
        answer = self._call(
            "precreate",
            lambda: self._sdk.api_alipay_trade_precreate(
                subject=trade.subject,
                out_trade_no=trade.out_trade_no,
                total_amount=answers.yuan(trade.amount_fen),
                qr_code_timeout_express=QR_TIMEOUT,
            ),
        )
        return answers.precreate_answer(trade.out_trade_no, answer)

    def pay_with_code(self, trade: TradeRequest, auth_code: str) -> GatewayAnswer:
        answer = self._call(
            "pay",
            lambda: self._sdk.api_alipay_trade_pay(
                out_trade_no=trade.out_trade_no,
                scene="bar_code",
                auth_code=auth_code,
                subject=trade.subject,
                total_amount=answers.yuan(trade.amount_fen),
            ),
        )
        return answers.pay_answer(trade.out_trade_no, answer)

    def query(self, out_trade_no: str) -> GatewayAnswer:
        answer = self._call(
            "query", lambda: self._sdk.api_alipay_trade_query(out_trade_no=out_trade_no)
        )
        return answers.query_answer(out_trade_no, answer)

    def cancel(self, out_trade_no: str) -> CancelOutcome:
        answer = self._call(
            "cancel", lambda: self._sdk.api_alipay_trade_cancel(out_trade_no=out_trade_no)
        )
        return answers.cancel_outcome(answer)

    def refund(self, out_trade_no: str, amount_fen: int, out_request_no: str, reason: str) -> bool:
        answer = self._call(
            "refund",
            lambda: self._sdk.api_alipay_trade_refund(
                refund_amount=answers.yuan(amount_fen),
                out_trade_no=out_trade_no,
                out_request_no=out_request_no,
                refund_reason=reason,
            ),
        )
        done = answers.refund_done(answer)
        if not done:
            log.warning(
                "gateway refused a refund",
                extra={"out_trade_no": out_trade_no, "sub_code": answer.get("sub_code")},
            )
        return done

    def bill_url(self, bill_date: str) -> str | None:
        """Where the gateway serves the day's trade bill (``YYYY-MM-DD``), a zipped CSV;
        None while the gateway has no bill of that day (isp.bill_not_exist: a day not
        over yet, or still to come)."""
        answer = self._call(
            "bill",
            lambda: self._sdk.server_api(
                "alipay.data.dataservice.bill.downloadurl.query",
                {"bill_type": "trade", "bill_date": bill_date},
            ),
        )
        answers.check_known("bill", answer)
        if answer.get("sub_code") == answers.BILL_NOT_EXIST:
            return None
        url = answer.get("bill_download_url")
        if answer.get("code") != answers.SUCCESS or not url:
            raise GatewayUnreachable(f"bill: no bill for {bill_date} ({answer.get('sub_code')})")
        return str(url)

    def _call(self, method: str, send: Callable[[], Any]) -> dict[str, Any]:
        """The verified answer of one SDK call; the exceptions become the port's, made
        here without the original (``from None``): the SDK's HTTP errors hold the signed
        URL, payment code and all."""
        from payments.alipay_sdk import AliPayException, AliPayValidationError

        try:
            answer = send()
        except (AliPayException, AliPayValidationError) as exc:  # unsigned, wrongly signed
            log.error(
                "gateway answer not believed (unsigned or wrongly signed)",
                extra={"method": method, "error": type(exc).__name__},
            )
            raise GatewayNotBelieved(f"{method}: the answer's signature does not hold") from None
        except _NO_ANSWER as exc:
            log.warning(
                "gateway did not answer", extra={"method": method, "error": type(exc).__name__}
            )
            raise GatewayUnreachable(f"{method}: no answer ({type(exc).__name__})") from None
        if not isinstance(answer, dict):
            raise GatewayNotBelieved(f"{method}: the answer is not an object")
        log.info(
            "gateway answered",
            extra={
                "method": method,
                "code": answer.get("code"),
                "sub_code": answer.get("sub_code"),
            },
        )
        return answer
