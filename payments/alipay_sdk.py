"""python-alipay-sdk (3.4), imported in this one place and kept quiet.

Importing the SDK runs ``logging.config.dictConfig`` (its ``loggers.py``), which gives
its logger a console handler at DEBUG of its own; in verbose mode it would log the
data it signs, a payment code among them. Its handler is taken off and its level set
to WARNING, so whatever it says goes through the kiosk's log format or not at all.

The SDK talks to Alipay's fixed URL (``_gateway``, set in its constructor); a site
names its gateway (the simulator in the demo and the tests), so :class:`SiteAliPay`
sets it after construction.
"""

from __future__ import annotations

import logging

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError
from alipay.utils import AliPayConfig

__all__ = ["AliPayException", "AliPayValidationError", "SiteAliPay"]

_sdk_log = logging.getLogger("python-alipay-sdk")
for _handler in list(_sdk_log.handlers):
    _sdk_log.removeHandler(_handler)
_sdk_log.setLevel(logging.WARNING)


class SiteAliPay(AliPay):  # type: ignore[misc]  # the SDK has no type hints
    def __init__(
        self,
        *,
        gateway_url: str,
        app_id: str,
        app_private_key: str,
        gateway_public_key: str,
        notify_url: str | None,
        timeout_s: float,
    ) -> None:
        super().__init__(
            appid=app_id,
            app_notify_url=notify_url,
            app_private_key_string=app_private_key,
            alipay_public_key_string=gateway_public_key,
            sign_type="RSA2",
            verbose=False,
            config=AliPayConfig(timeout=timeout_s),
        )
        self._gateway = gateway_url
