"""``/gateway.do``: one signed request in, one signed answer out, as Alipay OpenAPI and
python-alipay-sdk speak it.

The SDK sends every call as ``GET gateway.do?<params>`` (app_id, method, charset,
sign_type, timestamp, version, biz_content as JSON, notify_url, sign), the values
URL-quoted; the signature covers the unquoted ``k=v&...`` of all but ``sign``. The answer
is ``{"<method with _>_response": {...}, "sign": "..."}`` and its signature covers that
inner object's exact text, which the SDK cuts out of the body; requests that fail the
app id, signature or timestamp check are answered unsigned (the SDK raises on those).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from payment_gateway_sim import answers, refunds, trade_desk
from payment_gateway_sim.answers import Answer
from payment_gateway_sim.bills import download_url_query
from payment_gateway_sim.clock import TIME_FORMAT
from payment_gateway_sim.faults import FaultKind
from payment_gateway_sim.gateway import Gateway
from payment_gateway_sim.signing import REQUEST_UNSIGNED, sign_text, signed_content, verify_text

log = logging.getLogger(__name__)

#: how far a request's timestamp may be from the gateway's real clock (the simulated
#: clock's offset moves trades' time, not the kiosk's)
TIMESTAMP_SLACK = timedelta(minutes=15)

Method = Callable[[Gateway, dict[str, Any], str | None, str], Answer]


def _precreate(gw: Gateway, biz: dict[str, Any], notify_url: str | None, _base: str) -> Answer:
    return gw.run(lambda conn, now: trade_desk.precreate(conn, now, biz, notify_url))


def _pay(gw: Gateway, biz: dict[str, Any], notify_url: str | None, _base: str) -> Answer:
    password = gw.faults.take("alipay.trade.pay", FaultKind.PASSWORD) is not None
    return gw.run(lambda conn, now: trade_desk.pay(conn, now, biz, notify_url, gw.app_id, password))


def _query(gw: Gateway, biz: dict[str, Any], _notify: str | None, _base: str) -> Answer:
    return gw.run(lambda conn, now: trade_desk.query(conn, now, biz))


def _cancel(gw: Gateway, biz: dict[str, Any], _notify: str | None, _base: str) -> Answer:
    return gw.run(lambda conn, now: trade_desk.cancel(conn, now, biz, gw.app_id))


def _refund(gw: Gateway, biz: dict[str, Any], _notify: str | None, _base: str) -> Answer:
    return gw.run(lambda conn, now: refunds.refund(conn, now, biz, gw.app_id))


def _bill_url(gw: Gateway, biz: dict[str, Any], _notify: str | None, base: str) -> Answer:
    return gw.run(lambda conn, now: download_url_query(conn, biz, base, gw.app_id, now.date()))


METHODS: dict[str, Method] = {
    "alipay.trade.precreate": _precreate,
    "alipay.trade.pay": _pay,
    "alipay.trade.query": _query,
    "alipay.trade.cancel": _cancel,
    "alipay.trade.refund": _refund,
    "alipay.data.dataservice.bill.downloadurl.query": _bill_url,
}


def answer_request(gw: Gateway, params: dict[str, str], base_url: str) -> str:
    """The body answering one gateway.do request (``base_url``: this server's, for the
    bill's download link)."""
    method = params.get("method", "")
    response_key = method.replace(".", "_") + "_response" if method else "error_response"
    refusal = _refusal(gw, params)
    if refusal is not None:
        log.info("request refused", extra={"method": method, "sub_code": refusal["sub_code"]})
        return json.dumps({response_key: refusal}, ensure_ascii=False)
    handler = METHODS.get(method)
    if handler is None:
        return json.dumps(
            {response_key: answers.invalid_arguments("isv.invalid-method", "不存在的方法名")}
        )
    try:
        biz = json.loads(params.get("biz_content") or "{}")
    except json.JSONDecodeError:
        biz = None
    if not isinstance(biz, dict):
        return _signed(
            gw,
            response_key,
            answers.invalid_arguments("isv.invalid-parameter", "biz_content"),
            False,
        )
    if gw.faults.take(method, FaultKind.BUSY) is not None:
        log.info("answering busy (fault)", extra={"method": method})
        return _signed(gw, response_key, answers.SERVICE_BUSY, False)
    answer = handler(gw, biz, params.get("notify_url") or None, base_url)
    log.info(
        "gateway call",
        extra={
            "method": method,
            "out_trade_no": biz.get("out_trade_no", ""),
            "code": answer.get("code"),
            "sub_code": answer.get("sub_code", ""),
        },
    )
    delay = gw.faults.take(method, FaultKind.DELAY)
    if delay:
        # committed already: the kiosk that gives up waiting finds it done on its query
        time.sleep(delay)
    broken = gw.faults.take(method, FaultKind.BAD_SIGN) is not None
    return _signed(gw, response_key, answer, broken)


def _refusal(gw: Gateway, params: dict[str, str]) -> Answer | None:
    """Why the request itself is not believed (app id, signature, timestamp), or None."""
    if params.get("app_id") != gw.app_id:
        return answers.invalid_arguments("isv.invalid-app-id", "无效的AppID参数")
    if params.get("sign_type") != "RSA2":
        return answers.invalid_arguments("isv.invalid-signature-type", "无效的签名类型")
    content = signed_content(params, leave_out=REQUEST_UNSIGNED)
    if not verify_text(gw.keys.app_public, content, params.get("sign", "")):
        return answers.invalid_arguments("isv.invalid-signature", "验签出错")
    try:
        sent = datetime.strptime(params.get("timestamp", ""), TIME_FORMAT)
    except ValueError:
        return answers.invalid_arguments("isv.invalid-timestamp", "非法的时间戳参数")
    if abs(datetime.now() - sent) > TIMESTAMP_SLACK:
        return answers.invalid_arguments("isv.invalid-timestamp", "非法的时间戳参数")
    return None


def _signed(gw: Gateway, response_key: str, answer: Answer, broken: bool) -> str:
    inner = json.dumps(answer, ensure_ascii=False, separators=(",", ":"))
    sign = sign_text(gw.keys.gateway_private, inner)
    if broken:
        # one character of the signature changed: the SDK's check must fail
        sign = ("B" if sign[0] != "B" else "C") + sign[1:]
    return "{" + json.dumps(response_key) + ":" + inner + ',"sign":' + json.dumps(sign) + "}"
