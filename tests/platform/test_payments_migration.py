"""A store from before the payments (at revision 0003: no bills, notifies or trades, no
case payment) gets them when it opens (r0004), on both stores, and keeps its cases."""

from __future__ import annotations

from sqlalchemy import inspect, text

from platform_sim.app import create_app
from platform_sim.db import Database
from platform_sim.store.migrate import head_revision

PAYMENT_TABLES = {"utility_bills", "payment_notices", "payment_trades"}


def _back_to_0003(db: Database) -> None:
    """The store as a simulator of revision 0003 left it (a case of its in it)."""
    with db.engine.begin() as conn:
        for table in sorted(PAYMENT_TABLES):
            conn.execute(text(f"DROP TABLE {table}"))
        conn.execute(text("ALTER TABLE cases DROP COLUMN payment"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0003'"))
        conn.execute(
            text(
                "INSERT INTO cases (code, provisional_code, idempotency_key, request_sha256,"
                " terminal_id, matter_code, applicant, form, status, page_count, created_at,"
                " updated_at) VALUES ('CASE-20261101-000001', 'K01-0000-000001', 'old', '',"
                " 'K01', 'SW001', '{}', '{}', 'submitted', 0, '2026-11-01', '2026-11-01')"
            )
        )


def test_a_store_from_before_the_payments_gets_them_on_opening(store: str) -> None:
    create_app(store).state.db.close()  # a store at the head, then taken back
    db = Database(store)
    _back_to_0003(db)
    db.close()

    reopened = Database(store)  # migrated at opening
    try:
        found = inspect(reopened.engine)
        assert set(found.get_table_names()) >= PAYMENT_TABLES
        assert "payment" in {c["name"] for c in found.get_columns("cases")}
        with reopened.tx() as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            old = conn.execute("SELECT code, payment FROM cases").fetchall()
        assert version == head_revision()
        assert [tuple(row) for row in old] == [("CASE-20261101-000001", None)]
    finally:
        reopened.close()
