"""Bring a store's schema up to date with Alembic at opening.

A SQLite file made by a simulator older than the migrations has no alembic_version:
the first revision creates only the tables it lacks and the second adds the columns
added after the first release, so such a file opens as it always did. Several worker
processes may open a PostgreSQL store at once: they take turns on an advisory lock.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).parent / "migrations"
#: an arbitrary number the platform's workers agree on for the migration lock
_MIGRATION_LOCK = 2200


def alembic_config(conn: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def upgrade(engine: Engine) -> None:
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        command.upgrade(alembic_config(conn), "head")


def head_revision() -> str:
    """The newest revision's id: what every store is brought to when it opens."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations under {MIGRATIONS}")
    return head
