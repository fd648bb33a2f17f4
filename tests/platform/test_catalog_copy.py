"""The catalogue served from the process's copy while the store's stamp agrees: one
``meta`` row read per request instead of every matter's body, on both stores."""

from __future__ import annotations

import json

from platform_sim.app import create_app
from platform_sim.catalog import load_catalog
from platform_sim.catalog_copy import STAMP_KEY, served_catalog, stamp_catalog
from platform_sim.db import Database


def _rename_first_matter(db: Database, zh: str) -> None:
    with db.tx() as conn:
        row = conn.execute("SELECT code, body FROM matters ORDER BY position").fetchone()
        body = json.loads(row["body"])
        body["name"]["zh"] = zh
        conn.execute(
            "UPDATE matters SET body = ? WHERE code = ?",
            (json.dumps(body, ensure_ascii=False), row["code"]),
        )


def test_the_copy_serves_until_the_stamp_changes(store: str) -> None:
    create_app(store).state.db.close()  # seeded, its catalogue stamped
    db = Database(store)
    try:
        with db.tx() as conn:
            first = served_catalog(conn)
            assert first.version == load_catalog(conn)["version"]
        assert first.wire["version"] == first.version and first.wire["matters"]
        assert json.loads(first.encoded) == first.wire  # what the route sends, encoded once

        # the rows change behind the stamp's back: the copy is what is served
        _rename_first_matter(db, "改过的名字")
        with db.tx() as conn:
            assert served_catalog(conn) is first

        # whoever writes the catalogue stamps it (as the seed does): the new one is served
        with db.tx() as conn:
            stamp_catalog(conn, load_catalog(conn)["version"])
        with db.tx() as conn:
            fresh = served_catalog(conn)
        assert fresh.version != first.version
        assert fresh.wire["matters"][0]["name"]["zh"] == "改过的名字"
    finally:
        db.close()


def test_a_store_seeded_before_the_stamp_gets_it_at_its_first_read(store: str) -> None:
    create_app(store).state.db.close()
    db = Database(store)
    try:
        _rename_first_matter(db, "旧库")  # content no copy holds yet
        with db.tx() as conn:
            conn.execute("DELETE FROM meta WHERE key = ?", (STAMP_KEY,))
        with db.tx() as conn:
            served = served_catalog(conn)
        assert served.wire["matters"][0]["name"]["zh"] == "旧库"
        with db.tx() as conn:
            stamp = conn.execute("SELECT value FROM meta WHERE key = ?", (STAMP_KEY,)).fetchone()
        assert stamp is not None and stamp["value"] == served.version
    finally:
        db.close()
