"""Phone upload sessions: only their terminal closes them, and expired files are
purged (issue 13 item 7).

Before: ``DELETE /uploads/{token}`` from any terminal dropped another kiosk's
files (it closed nothing, but deleted them), and the files of a link that expired
stayed in the database for ever. Time passes with the simulator's own clock.
"""

from __future__ import annotations

import base64
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from platform_sim import clock
from platform_sim.routes_journeys import UPLOAD_TTL_S
from platform_sim.seed import SECOND_TERMINAL_TOKEN
from platform_sim.server import RunningServer
from tests.platform.helpers import PNG, session


@pytest.fixture(autouse=True)
def _real_time() -> Iterator[None]:
    yield
    clock.reset()


def _open_with_a_file(api: str) -> str:
    opened = session().post(api + "/uploads", timeout=5)
    assert opened.status_code == 200
    token = str(opened.json()["token"])
    sent = session(None).post(
        f"{api}/uploads/{token}/files",
        json={"name": "scan.png", "mime": "image/png", "data": base64.b64encode(PNG).decode()},
        timeout=5,
    )
    assert sent.json() == {"received": 1}
    return token


def _files_kept(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        (n,) = conn.execute("SELECT COUNT(*) FROM upload_files").fetchone()
    return int(n)


def test_only_its_terminal_closes_an_upload_session(platform_sim: RunningServer) -> None:
    api = platform_sim.url + "/api/v1"
    token = _open_with_a_file(api)
    other = session(SECOND_TERMINAL_TOKEN)
    closed = other.delete(f"{api}/uploads/{token}", timeout=5)
    assert closed.status_code == 404 and closed.json()["error"] == "unknown_upload"
    assert other.get(f"{api}/uploads/{token}", timeout=5).status_code == 404
    # the kiosk that opened it still has the resident's file, and the link still works
    files = session().get(f"{api}/uploads/{token}", timeout=5).json()
    assert [f["name"] for f in files["files"]] == ["scan.png"] and files["closed"] is False
    assert session().delete(f"{api}/uploads/{token}", timeout=5).json()["closed"] is True


def test_expired_upload_files_are_purged(platform_sim: RunningServer, tmp_path: Path) -> None:
    api = platform_sim.url + "/api/v1"
    db = tmp_path / "platform.sqlite3"
    token = _open_with_a_file(api)
    assert _files_kept(db) == 1

    clock.advance(timedelta(seconds=UPLOAD_TTL_S + 1))
    # the kiosk asks after the link expired: gone, and so are its files
    late = session().get(f"{api}/uploads/{token}", timeout=5)
    assert late.status_code == 410 and late.json()["error"] == "upload_closed"
    assert _files_kept(db) == 0

    # an abandoned session (the kiosk never asks again) is purged by the next upload call
    _open_with_a_file(api)
    clock.advance(timedelta(seconds=UPLOAD_TTL_S + 1))
    assert session(SECOND_TERMINAL_TOKEN).post(api + "/uploads", timeout=5).status_code == 200
    assert _files_kept(db) == 0
