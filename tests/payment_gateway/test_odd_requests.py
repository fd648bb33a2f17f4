"""Whatever a client puts in biz_content, the gateway answers it signed and well formed
(a refusal, never a crash), and charges nobody for it."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payment_gateway_sim.embedded import RunningGateway
from tests.payment_gateway.conftest import sdk_for

_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=70),
    st.sampled_from(["86.50", "0.00", "-1", "1e3", "0.001", "2m", "99999d", "bar_code"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_FIELDS = st.sampled_from(
    [
        "out_trade_no",
        "trade_no",
        "total_amount",
        "subject",
        "auth_code",
        "scene",
        "qr_code_timeout_express",
        "refund_amount",
        "out_request_no",
        "bill_type",
        "bill_date",
    ]
)
_METHODS = st.sampled_from(
    [
        "alipay.trade.precreate",
        "alipay.trade.pay",
        "alipay.trade.query",
        "alipay.trade.cancel",
        "alipay.trade.refund",
        "alipay.data.dataservice.bill.downloadurl.query",
    ]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(method=_METHODS, biz=st.dictionaries(_FIELDS, _VALUES, max_size=6))
def test_any_biz_content_gets_a_signed_answer(
    payment_gateway: RunningGateway, method: str, biz: dict[str, object]
) -> None:
    # the SDK checks the signature and raises on anything unsigned but a request refusal
    answer = sdk_for(payment_gateway).server_api(method, biz)
    assert answer["code"] in {"10000", "10003", "40002", "40004"}
