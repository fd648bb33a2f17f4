"""The outbox key comes from a systemd credential or a root-only file outside the
data directory; only demo setups keep it beside the data. Accepted payloads are
purged at once, their metadata after the retention."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from offline_cache.crypto import PayloadCipher
from offline_cache.key_source import CREDENTIAL_NAME, KEY_FILE_ENV, outbox_key
from offline_cache.outbox import DB_FILE, Outbox
from platform_sim.seed import DEMO_TERMINAL_ID
from tests.platform.helpers import PEOPLE, draft


def test_systemd_credential_is_used_and_nothing_lands_beside_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    creds = tmp_path / "credentials"
    creds.mkdir()
    (creds / CREDENTIAL_NAME).write_bytes(os.urandom(32))
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(creds))
    data = tmp_path / "data"
    box = Outbox.open(data, DEMO_TERMINAL_ID)
    box.add_case(draft())
    box.close()
    print("files in the data dir:", sorted(p.name for p in data.iterdir()))
    assert not any("key" in p.name for p in data.iterdir())
    assert PEOPLE[0]["id_number"].encode() not in (data / DB_FILE).read_bytes()


def test_key_file_outside_the_data_dir_is_created_root_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "etc" / "outbox.key"
    monkeypatch.delenv("CREDENTIALS_DIRECTORY", raising=False)
    monkeypatch.setenv(KEY_FILE_ENV, str(key_file))
    key = outbox_key(tmp_path / "data")
    mode = stat.S_IMODE(key_file.stat().st_mode)
    print(f"key file {key_file.name}: mode {oct(mode)}, {len(key)} bytes")
    assert mode == 0o600 and len(key) == 32 and outbox_key(tmp_path / "data") == key
    with pytest.raises(ValueError, match="data directory"):
        outbox_key(tmp_path / "etc", {KEY_FILE_ENV: str(key_file)})


def test_accepted_payload_purged_then_metadata_pruned_after_retention(tmp_path: Path) -> None:
    now = [1000.0]
    box = Outbox(tmp_path / DB_FILE, _cipher(), DEMO_TERMINAL_ID, clock=lambda: now[0])
    stored = box.add_case(draft())
    assert box.claim_case(stored.idempotency_key) is not None
    box.case_accepted(stored.idempotency_key, "CASE-20261123-000001")
    row = box._conn.execute("SELECT payload FROM cases").fetchone()
    assert row["payload"] is None, "payload purged on confirmation"
    assert box.prune(retention=3600) == 0, "metadata kept within the retention"
    now[0] += 3601
    assert box.prune(retention=3600) == 1
    print("accepted: payload purged at once, metadata pruned after the retention")
    box.close()


def _cipher() -> PayloadCipher:
    return PayloadCipher(os.urandom(32))
