"""What a request's transaction hands the platform modules: ``execute`` with ``?``
placeholders and rows read by name or position, on either engine.

The modules write one SQL text for both engines (``ON CONFLICT``, ``RETURNING``); only
the placeholders are rewritten here, into SQLAlchemy's named binds, which each driver
then renders in its own style (``?`` for sqlite3, ``%s`` for psycopg).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, CursorResult, Engine, Row, TextClause, text


class StoreRow:
    """One row, read as ``row["name"]`` or ``row[0]`` (as sqlite3.Row was)."""

    __slots__ = ("_row",)

    def __init__(self, row: Row[Any]) -> None:
        self._row = row

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._row._mapping[key]
        return self._row[key]

    def keys(self) -> list[str]:
        return list(self._row._mapping.keys())

    def __iter__(self) -> Iterator[Any]:
        return iter(tuple(self._row))

    def __len__(self) -> int:
        return len(self._row)


class StoreResult:
    """The rows of one statement, and how many rows it changed."""

    def __init__(self, result: CursorResult[Any]) -> None:
        self._result = result

    @property
    def rowcount(self) -> int:
        return int(self._result.rowcount)

    def fetchone(self) -> Any:
        """The next StoreRow or None; typed Any as sqlite3's was, since many statements
        are sure of their row (``SELECT COUNT(*)``, ``RETURNING``) and index it at once."""
        row = self._result.fetchone()
        return None if row is None else StoreRow(row)

    def fetchall(self) -> list[StoreRow]:
        return [StoreRow(row) for row in self._result.fetchall()]

    def __iter__(self) -> Iterator[StoreRow]:
        return iter(self.fetchall())


class Tx:
    """One open transaction on the store."""

    def __init__(self, conn: Connection, apart: Engine | None = None) -> None:
        self.conn = conn
        self.dialect = conn.dialect.name
        self._apart = apart

    def json_text(self, column: str, key: str) -> str:
        """SQL for the text of a top-level field of the JSON document a TEXT ``column``
        holds, in this engine's words: PostgreSQL must be told the text is JSON, while
        SQLite's ``CAST(... AS JSON)`` makes a number of it (an unknown type name has
        numeric affinity), so every field read through it was NULL."""
        if self.dialect == "postgresql":
            return f"(CAST({column} AS JSON) ->> '{key}')"
        return f"({column} ->> '{key}')"

    def execute(self, sql: str, params: Sequence[object] = ()) -> StoreResult:
        statement, count = _statement(sql)
        if count != len(params):
            raise ValueError(f"{count} placeholders, {len(params)} values")
        return StoreResult(self.conn.execute(statement, _binds(params)))

    def execute_apart(self, sql: str, params: Sequence[object] = ()) -> list[StoreRow]:
        """Run ``sql`` in a short transaction of its own, committed at once, and return
        its rows: for a hot counter that every request bumps, which inside a SERIALIZABLE
        transaction would make concurrent ones conflict (PostgreSQL: READ COMMITTED, a
        concurrent bump waits for the row and adds to it). What it did stays done if this
        transaction is rolled back. On SQLite (no ``apart`` engine) it runs in this
        transaction: the lock already serialises."""
        if self._apart is None:
            return self.execute(sql, params).fetchall()
        statement, _count = _statement(sql)
        with self._apart.begin() as conn:
            return [StoreRow(row) for row in conn.execute(statement, _binds(params)).fetchall()]

    def executemany(self, sql: str, rows: Iterable[Sequence[object]]) -> None:
        statement, _count = _statement(sql)
        binds = [_binds(row) for row in rows]
        if binds:
            self.conn.execute(statement, binds)


def _binds(params: Sequence[object]) -> dict[str, object]:
    return {f"p{i}": value for i, value in enumerate(params)}


@lru_cache(maxsize=1024)
def _statement(sql: str) -> tuple[TextClause, int]:
    """``?`` outside quoted literals becomes ``:p0``, ``:p1``... in order, and ``?N``
    (SQLite's numbered form, one value used twice) ``:p<N-1>``; returns how many values
    the statement takes."""
    out: list[str] = []
    count = 0
    quote: str | None = None
    i = 0
    while i < len(sql):
        char = sql[i]
        i += 1
        if quote is not None:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "?":
            digits = len(sql[i:]) - len(sql[i:].lstrip("0123456789"))
            if digits:
                number = int(sql[i : i + digits])
                i += digits
                out.append(f":p{number - 1}")
                count = max(count, number)
            else:
                out.append(f":p{count}")
                count += 1
            continue
        out.append(char)
    return text("".join(out)), count
