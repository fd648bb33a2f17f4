"""The payment-gateway simulator for the tests, started once per session: import the
fixture into a conftest (``from tests.payment_fixtures import payment_gateway``).

It is shared, so each test makes its own payers (``control.new_buyer``) and trade
numbers; a fault armed for one call is used up by that call. The gateway's clock only
moves forward (``control.advance_clock``): a test that moves it expires every QR and
payment code made before, its own and any still held by another test, so make the
codes after moving it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from payment_gateway_sim.embedded import RunningGateway, start_in_thread


@pytest.fixture(scope="session")
def payment_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningGateway]:
    """The running simulator: ``gateway_url`` for the SDK, ``app_id``,
    ``app_private_key_path``, ``gateway_public_key_path``, ``control`` (the payer's phone,
    faults, clock, trades)."""
    gateway = start_in_thread(tmp_path_factory.mktemp("payment-gateway") / "keys")
    yield gateway
    gateway.stop()
