"""A store from before the look-up indexes (revision 0004) gets them when it opens
(r0005), on both stores: a case's events, a pickup code's rows, a case's codes."""

from __future__ import annotations

from sqlalchemy import inspect, text

from platform_sim.app import create_app
from platform_sim.db import Database
from platform_sim.store.migrate import head_revision

INDEXES = {
    "case_events": "case_events_by_case",
    "pickup_codes": "pickup_codes_by_code",
}


def _names(db: Database, table: str) -> set[str]:
    return {i["name"] for i in inspect(db.engine).get_indexes(table) if i["name"]}


def test_a_store_from_before_the_indexes_gets_them_on_opening(store: str) -> None:
    create_app(store).state.db.close()  # a store at the head, then taken back
    db = Database(store)
    for table, index in INDEXES.items():
        assert index in _names(db, table)
    with db.engine.begin() as conn:
        for name in ("case_events_by_case", "pickup_codes_by_code", "pickup_codes_by_case"):
            conn.execute(text(f"DROP INDEX {name}"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0004'"))
    assert "pickup_codes_by_case" not in _names(db, "pickup_codes")
    db.close()

    reopened = Database(store)  # migrated at opening
    try:
        for table, index in INDEXES.items():
            assert index in _names(reopened, table)
        assert "pickup_codes_by_case" in _names(reopened, "pickup_codes")
        with reopened.tx() as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert version == head_revision() == "0005"
    finally:
        reopened.close()
