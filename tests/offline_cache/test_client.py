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
    # a valid ID number of nobody the platform knows
    assert make_client(platform_server.url).reference_photo("110101199001011237") is None


def test_demo_persons_have_the_sample_face_as_reference(
    platform_server: SwitchablePlatform,
) -> None:
    from kiosk.paths import SAMPLE_REFERENCE_PHOTO

    platform_server.start()
    photo = make_client(platform_server.url).reference_photo("110112198503121238")
    assert photo is not None
    assert (photo.mime, photo.width, photo.height) == ("image/jpeg", 102, 126)
    assert photo.data == SAMPLE_REFERENCE_PHOTO.read_bytes()
