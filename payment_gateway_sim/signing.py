"""RSA2 (SHA256withRSA, PKCS#1 v1.5) as Alipay OpenAPI uses it, both ways.

What is signed is always text: a request's parameters sorted by name and joined as
``k=v&...`` (``sign`` left out, empty values left out, values as sent, not URL-quoted);
a notify's the same without ``sign_type`` either; an answer's the exact JSON text of its
``<method>_response`` object, which the SDK cuts out of the body by counting braces.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa


def signed_content(params: Mapping[str, str], *, leave_out: frozenset[str]) -> str:
    """The ``k=v&...`` text a request or notify is signed over."""
    items = sorted((k, v) for k, v in params.items() if k not in leave_out and v != "")
    return "&".join(f"{k}={v}" for k, v in items)


#: a request's signature covers everything but itself (sign_type included)
REQUEST_UNSIGNED = frozenset({"sign"})
#: a notify's signature leaves out sign_type as well
NOTIFY_UNSIGNED = frozenset({"sign", "sign_type"})


def sign_text(key: rsa.RSAPrivateKey, text: str) -> str:
    signature = key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def verify_text(key: rsa.RSAPublicKey, text: str, signature: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=False)
        key.verify(raw, text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True
