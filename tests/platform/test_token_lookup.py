"""A request's bearer token is found by its digest through the UNIQUE index on
``terminals.token_sha256``, not by reading every terminal's row (2 000 kiosks
would mean 2 000 rows read per request)."""

from __future__ import annotations

from pathlib import Path

from platform_sim.auth import TOKEN_LOOKUP
from platform_sim.db import Database


def test_the_token_lookup_searches_the_digest_index(tmp_path: Path) -> None:
    db = Database(tmp_path / "platform.sqlite3")
    try:
        with db.tx() as conn:
            plan = [
                row["detail"]
                for row in conn.execute("EXPLAIN QUERY PLAN " + TOKEN_LOOKUP, ("0" * 64,))
            ]
    finally:
        db.close()
    assert len(plan) == 1, plan
    assert plan[0].startswith("SEARCH terminals USING INDEX sqlite_autoindex_terminals_"), plan
