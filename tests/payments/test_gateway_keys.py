"""A site's key files are checked when the gateway's client is made (the kiosk does not
start with a file that is no key), though the SDK itself loads at the first call."""

from __future__ import annotations

import dataclasses

import pytest

from payment_gateway_sim.embedded import RunningGateway
from payments.gateway_client import AlipayGateway
from tests.payments.conftest import settings_for


def test_a_file_that_is_no_key_stops_the_start(payment_gateway: RunningGateway) -> None:
    settings = settings_for(payment_gateway)
    with pytest.raises(ValueError):
        AlipayGateway(dataclasses.replace(settings, app_private_key="not a key"))
    with pytest.raises(ValueError):
        AlipayGateway(dataclasses.replace(settings, gateway_public_key="-----BEGIN nothing"))
