"""The client's error translation and conversions, against the simulator."""

from __future__ import annotations

import time

import pytest

from flows.ports import PlatformError, PlatformUnavailable
from offline_cache.errors import PlatformRejected
from tests.offline_cache.conftest import SwitchablePlatform, make_client


def test_platform_down_is_unavailable_quickly(platform_server: SwitchablePlatform) -> None:
    client = make_client(platform_server.url)
    started = time.monotonic()
    with pytest.raises(PlatformUnavailable) as info:
        client.verify_pickup_code("123456")
    assert time.monotonic() - started < 3
    assert info.value.message.zh and info.value.message.en
    assert "123456" not in str(info.value)
    assert client.health() is False


def test_wrong_token_is_a_platform_error_not_unavailable(
    platform_server: SwitchablePlatform,
) -> None:
    platform_server.start()
    client = make_client(platform_server.url, token="stolen")
    with pytest.raises(PlatformRejected) as info:
        client.case_status("CASE-20260101-000001")
    assert not isinstance(info.value, PlatformUnavailable)
    assert info.value.status == 401


def test_wrong_pickup_code_is_a_platform_error_with_plain_words(
    platform_server: SwitchablePlatform,
) -> None:
    platform_server.start()
    with pytest.raises(PlatformError) as info:
        make_client(platform_server.url).verify_pickup_code("000000")
    assert not isinstance(info.value, PlatformUnavailable)
    assert info.value.message.zh == "取件码不正确"


def test_missing_reference_photo_is_none(platform_server: SwitchablePlatform) -> None:
    platform_server.start()
    assert make_client(platform_server.url).reference_photo("110112198503121238") is None
