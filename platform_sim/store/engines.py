"""The SQLAlchemy engine for a store URL: a SQLite file or PostgreSQL through psycopg 3.

SQLite: one connection shared under the Database's lock (WAL, foreign keys on), every
transaction BEGIN IMMEDIATE so its reads and writes are one unit, and a busy timeout
because several processes may open the same file. PostgreSQL: a small pool whose
transactions run REPEATABLE READ (a snapshot, the first updater of a row wins; a
count-then-insert asks for SERIALIZABLE: ``Database.tx``), a conflict retried whole
(``platform_sim.conflict_retry``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool


class _NoStatementsOrRows(logging.Filter):
    """SQLAlchemy logs each statement with its values at INFO, and each row read at
    DEBUG, whenever its logger's effective level allows (whatever ``echo`` says): those
    are residents' names, ID numbers and addresses. Only its warnings and errors pass,
    at any level a site or a test sets; ``hide_parameters`` keeps the values out of
    error messages too."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= logging.WARNING


logging.getLogger("sqlalchemy.engine.Engine").addFilter(_NoStatementsOrRows())

#: how long a SQLite writer waits for another process's transaction, seconds
SQLITE_BUSY_TIMEOUT_S = 30.0
#: connections one PostgreSQL worker keeps; requests beyond wait for one
POSTGRES_POOL_SIZE = 8


def store_url(where: str | Path) -> URL:
    """A path (or ``sqlite:///...``) is a SQLite file; ``postgresql://`` speaks psycopg 3."""
    if isinstance(where, Path) or "://" not in where:
        if str(where).startswith(("postgresql:", "sqlite:")):
            # Path("postgresql://...") folds the "//": a file would be made under "postgresql:"
            raise ValueError(f"a store URL made into a path: {where}")
        return URL.create("sqlite", database=str(Path(where)))
    url = make_url(where)
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() != "sqlite":
        raise ValueError(f"the store is SQLite or PostgreSQL, not {url.get_backend_name()}")
    return url


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    return create_engine(
        url,
        # SERIALIZABLE everywhere aborted about one case submission in two at 8
        # concurrent requests (read/write dependencies on the small case index), which
        # kept p99 in seconds at 2 000 kiosks; a snapshot and row-level first-updater-wins
        # keep every invariant the unique keys and UPDATE ... WHERE guards state
        isolation_level="REPEATABLE READ",
        # a sequential scan predicate-locks its whole table, so under SERIALIZABLE (the
        # count-then-insert transactions) any two requests touching a small table
        # conflict; index scans lock only what they read (PostgreSQL's docs on
        # serializable isolation advise steering towards them)
        connect_args={"options": "-c enable_seqscan=off"},
        pool_size=POSTGRES_POOL_SIZE,
        pool_pre_ping=True,
        hide_parameters=True,
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # the driver's own implicit BEGIN is off: _on_begin says which BEGIN
        dbapi_conn.isolation_level = None
        dbapi_conn.execute("PRAGMA journal_mode=WAL")
        dbapi_conn.execute("PRAGMA foreign_keys=ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # take the write lock at once: a read-then-write never meets another writer
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
