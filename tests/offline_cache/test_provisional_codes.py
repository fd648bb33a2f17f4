"""Issue 13.2: a fresh data directory for an existing terminal must not repeat the
provisional codes of the old one, and a code the platform finds taken must never
cost the resident the case (against the running simulator, two real outboxes)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from flows.domain import SubmitState
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import DB_FILE, Outbox, OutboxState
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.offline_cache.conftest import SwitchablePlatform, make_client
from tests.platform.helpers import draft
from tests.reliability.helpers import platform_holds

CODE = re.compile(rf"^{DEMO_TERMINAL_ID}-[0-9A-Z]{{4}}-[0-9]{{6}}$")


def _queue_one(data_dir: Path, person: int) -> str:
    """A case stored while the platform was down (its receipt shows the provisional code)."""
    box = Outbox.open(data_dir, DEMO_TERMINAL_ID)
    stored = box.add_case(draft(person=person))
    box.close()
    return stored.idempotency_key


def _flush(data_dir: Path, url: str) -> Outbox:
    box = Outbox.open(data_dir, DEMO_TERMINAL_ID)
    client = make_client(url)
    try:
        Forwarder(box, client).drain()
    finally:
        client.close()
    return box


def _epoch(data_dir: Path) -> int:
    conn = sqlite3.connect(data_dir / DB_FILE)
    try:
        (value,) = conn.execute("SELECT value FROM counters WHERE name = 'epoch'").fetchone()
    finally:
        conn.close()
    return int(value)


def _same_epoch(new: Path, old: Path) -> None:
    """An outbox in ``new`` that drew the epoch of the one in ``old``: its codes are the
    ones the old disk's outbox gave out first."""
    Outbox.open(new, DEMO_TERMINAL_ID).close()
    conn = sqlite3.connect(new / DB_FILE)
    conn.execute(
        "INSERT INTO counters (name, value) VALUES ('epoch', ?)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        (_epoch(old),),
    )
    conn.commit()
    conn.close()


def test_a_fresh_data_dir_for_the_same_terminal_does_not_repeat_codes(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    old, new = tmp_path / "old-disk", tmp_path / "new-disk"
    first_key = _queue_one(old, person=0)
    second_key = _queue_one(new, person=1)  # the kiosk re-imaged: same terminal, empty dir
    platform_server.start()
    for data_dir in (old, new):
        box = _flush(data_dir, platform_server.url)
        case = box.lookup_case(first_key if data_dir == old else second_key)
        box.close()
        assert case is not None
        print(data_dir.name, "->", case.provisional_code, case.state.value, case.case_code)
        assert CODE.match(case.provisional_code)
        assert case.state is OutboxState.ACCEPTED
    assert sorted(platform_holds(platform_server.db_path).case_keys) == sorted(
        [first_key, second_key]
    )


def test_a_taken_code_is_reissued_and_the_case_forwarded_not_dropped(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    old, new = tmp_path / "old-disk", tmp_path / "new-disk"
    _queue_one(old, person=0)
    platform_server.start()
    _flush(old, platform_server.url).close()
    # the worst case: the new outbox drew the old one's epoch, so its first code is taken
    _same_epoch(new, old)
    key = _queue_one(new, person=1)
    box = Outbox.open(new, DEMO_TERMINAL_ID)
    printed = box.lookup_case(key)
    box.close()
    assert printed is not None

    box = _flush(new, platform_server.url)
    try:
        case = box.lookup_case(key)
        assert case is not None
        print("printed", printed.provisional_code, "-> sent as", case.provisional_code)
        assert case.state is OutboxState.ACCEPTED and case.case_code
        assert case.provisional_code != printed.provisional_code
        # the receipt's code still finds the case at this kiosk
        assert box.lookup_case(printed.provisional_code) == case
        assert _epoch(new) != _epoch(old)
    finally:
        box.close()
    assert key in platform_holds(platform_server.db_path).case_keys


def test_the_resident_at_the_kiosk_gets_a_working_code_when_the_first_is_taken(
    platform_server: SwitchablePlatform, tmp_path: Path
) -> None:
    """The synchronous path: the code on the receipt is the one that was accepted."""
    from offline_cache.catalog_cache import CatalogCache
    from offline_cache.platform_port import KioskPlatform

    old, new = tmp_path / "old-disk", tmp_path / "new-disk"
    _queue_one(old, person=0)
    platform_server.start()
    _flush(old, platform_server.url).close()
    _same_epoch(new, old)
    client = make_client(platform_server.url)
    box = Outbox.open(new, DEMO_TERMINAL_ID)
    kp = KioskPlatform(client, box, CatalogCache(new / "catalog.sqlite3", client))
    try:
        result = kp.submit_case(draft(person=1))
    finally:
        kp.close()
    assert result.state is SubmitState.ACCEPTED and result.code.startswith("CASE-")
