"""The simulator's store: a SQLite file or a PostgreSQL database, one transaction per use.

``Database(url)`` opens the store (``platform_sim.store.engines``), brings its schema up
to date (Alembic, ``platform_sim.store.migrate``) and hands out transactions. On SQLite
one connection behind a lock serialises every request, as the simulator always did; on
PostgreSQL each transaction runs REPEATABLE READ on a pooled connection (a snapshot; two
transactions updating one row: the second fails and runs again, so every ``UPDATE ...
WHERE state = ...`` guard holds, and every key the store must not hold twice is a unique
constraint), and a transaction that counts rows before inserting one (a rate limit, a
cap) asks for SERIALIZABLE, since a snapshot lets two of them both see room for one
more. A conflict with another worker is raised as ``StoreConflict`` for the request to
be run again (``platform_sim.conflict_retry``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from platform_sim.store.engines import make_engine, store_url
from platform_sim.store.migrate import upgrade
from platform_sim.store.transaction import Tx

#: SQLSTATEs of a transaction PostgreSQL gave up on for another's sake: serialization
#: failure, deadlock, and a unique violation (two workers inserting the same key)
_CONFLICTS = frozenset({"40001", "40P01", "23505"})


class StoreConflict(Exception):
    """Another worker's transaction won: run the whole request again."""


class Database:
    def __init__(self, url: str | Path) -> None:
        self.url = store_url(url)
        self.engine = make_engine(self.url)
        self.dialect = self.engine.dialect.name
        upgrade(self.engine)
        # SQLite: one connection, one writer; PostgreSQL: the engine's isolation does it
        self._lock: threading.RLock | None = threading.RLock() if self.dialect == "sqlite" else None
        # PostgreSQL: hot counters are bumped apart, at READ COMMITTED (Tx.execute_apart)
        self._apart = (
            None if self._lock else self.engine.execution_options(isolation_level="READ COMMITTED")
        )
        # PostgreSQL: count-then-insert transactions (see the module's docstring)
        self._serializable = (
            None if self._lock else self.engine.execution_options(isolation_level="SERIALIZABLE")
        )

    @contextmanager
    def tx(self, *, counts_then_inserts: bool = False) -> Iterator[Tx]:
        """One transaction: committed when the block ends, rolled back if it raises.

        ``counts_then_inserts``: the block decides from a count (or the absence of a
        row no unique key guards) whether to insert; on PostgreSQL it runs SERIALIZABLE
        so two workers cannot both decide there is room. SQLite's one writer is that
        already."""
        engine = (self._serializable if counts_then_inserts else None) or self.engine
        with self._lock or nullcontext(), engine.connect() as conn:
            try:
                with conn.begin():
                    yield Tx(conn, self._apart)
            except DBAPIError as error:
                if _sqlstate(error) in _CONFLICTS:
                    raise StoreConflict(str(error.orig)) from error
                raise

    def close(self) -> None:
        self.engine.dispose()


def _sqlstate(error: DBAPIError) -> str | None:
    state = getattr(error.orig, "sqlstate", None)
    return state if isinstance(state, str) else None
