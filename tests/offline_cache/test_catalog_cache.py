"""The catalogue cache: ETag refresh, offline fallback, nothing to fall back on."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.ports import PlatformUnavailable
from offline_cache.catalog_cache import CatalogCache
from tests.offline_cache.conftest import SwitchablePlatform, make_client


def test_catalog_served_from_cache_when_platform_is_down(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    client = make_client(platform_server.url)
    online = CatalogCache(tmp_path / "c.sqlite3", client, max_age=0).get()
    assert len(online.matters) >= 60
    platform_server.stop()

    # a fresh process (nothing in memory) on the same file, platform away
    offline = CatalogCache(tmp_path / "c.sqlite3", client, max_age=0).get()
    assert offline.version == online.version
    assert offline.matter("HJ001").name == online.matter("HJ001").name


def test_no_cache_and_no_platform_is_unavailable(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    cache = CatalogCache(tmp_path / "c.sqlite3", make_client(platform_server.url), max_age=0)
    with pytest.raises(PlatformUnavailable):
        cache.get()


def test_unchanged_catalogue_is_not_downloaded_again(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    platform_server.start()
    client = make_client(platform_server.url)
    doc = client.fetch_catalog()
    assert doc is not None
    assert client.fetch_catalog(doc.etag) is None  # 304
    cache = CatalogCache(tmp_path / "c.sqlite3", client, max_age=0)
    assert cache.get().version == doc.body["version"]
    assert cache.get().version == doc.body["version"]  # the revalidation path


def test_the_cached_catalogue_keeps_each_guide_a_url_on_the_platform(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    """The catalogue names a matter's guide by its path; what the kiosk shows as a QR is
    a URL on the platform, from the cache too (issue 19 item 7)."""
    platform_server.start()
    client = make_client(platform_server.url)
    CatalogCache(tmp_path / "c.sqlite3", client, max_age=0).get()
    platform_server.stop()
    offline = CatalogCache(tmp_path / "c.sqlite3", client, max_age=0).get()
    hj001 = offline.matter("HJ001")
    assert hj001.guide_url == platform_server.url + "/guides/HJ001"
    assert hj001.fee.zh == "工本费 20 元"
