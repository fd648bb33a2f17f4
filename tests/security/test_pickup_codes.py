"""Pickup codes are single-use and expire (platform simulator)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from flows.ports import PlatformError
from platform_sim.server import RunningServer
from tests.reliability.journey import (
    Kiosk,
    clerk_loads_certificate,
    close_drop_door,
    collect,
    declare_until_review,
)


def declared_and_loaded(k: Kiosk) -> tuple[str, str]:
    flow = declare_until_review(k)
    flow.submit()
    close_drop_door(k)
    k.settle("done", lambda: flow.session.result is not None and flow.state.value == "done")
    assert flow.session.result is not None
    code = flow.session.result.code
    flow.finish()
    return code, clerk_loads_certificate(k, code)


def test_pickup_code_is_single_use_and_expires(platform_sim: RunningServer, tmp_path: Path) -> None:
    db = tmp_path / "platform.sqlite3"
    k = Kiosk(platform_sim.url, tmp_path / "data")
    try:
        _case, used = declared_and_loaded(k)
        collect(k, used)
        k.collection.finish()
        try:
            k.platform.verify_pickup_code(used)
            raise AssertionError("a used code was accepted again")
        except PlatformError as exc:
            print("used code again:", exc.detail, exc.message.en)
            assert exc.detail.startswith("410")

        _case2, stale = declared_and_loaded(k)
        with sqlite3.connect(db) as conn:  # thirty days pass
            conn.execute(
                "UPDATE pickup_codes SET expires_at = '2000-01-01T00:00:00+08:00' WHERE code = ?",
                (stale,),
            )
        try:
            k.platform.verify_pickup_code(stale)
            raise AssertionError("an expired code was accepted")
        except PlatformError as exc:
            print("expired code:", exc.detail, exc.message.en)
            assert exc.detail == "410 pickup_code_expired"
    finally:
        k.close()
