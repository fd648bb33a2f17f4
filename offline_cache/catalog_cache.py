"""The matter catalogue, kept in SQLite with its ETag so the kiosk works offline.

Refreshes are conditional (If-None-Match); a 304 costs a few bytes. When the
platform does not answer, the last stored catalogue is served; with none stored,
PlatformUnavailable is raised (the flow says "try again later").
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from flows.domain import Catalog
from flows.ports import PlatformError
from offline_cache.client import PlatformClient
from offline_cache.from_wire import catalog
from offline_cache.sqlite_store import SqliteFile
from platform_contract.schemas import CatalogOut

log = logging.getLogger(__name__)

DB_FILE = "catalog.sqlite3"
#: the one catalogue last fetched, as the platform sent it, with its ETag
SCHEMA = """
CREATE TABLE IF NOT EXISTS catalog (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    etag TEXT NOT NULL,
    body TEXT NOT NULL,
    fetched_at REAL NOT NULL
);
"""


class CatalogCache(SqliteFile):
    def __init__(
        self,
        path: Path,
        client: PlatformClient,
        *,
        max_age: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``max_age``: within this many seconds of the last check the platform is not
        asked again (every resident's session wants the catalogue)."""
        super().__init__(path, SCHEMA)
        self._client = client
        self._max_age = max_age
        self._clock = clock
        self._memory: Catalog | None = None
        self._etag: str | None = None
        self._checked_at: float | None = None

    def get(self) -> Catalog:
        with self._lock:
            fresh = (
                self._checked_at is not None and self._clock() - self._checked_at < self._max_age
            )
            if fresh and self._memory is not None:
                return self._memory
            try:
                return self._refresh()
            except PlatformError as exc:
                cached = self._load()
                if cached is None:
                    raise
                log.warning(
                    "catalogue served from cache",
                    extra={"reason": exc.detail or type(exc).__name__},
                )
                return cached

    def cached(self) -> Catalog | None:
        with self._lock:
            return self._load()

    def _refresh(self) -> Catalog:
        cached = self._load()
        doc = self._client.fetch_catalog(self._etag if cached is not None else None)
        self._checked_at = self._clock()
        if doc is None:
            assert cached is not None
            return cached
        fresh = catalog(doc.answer, self._client.base_url)
        with self._conn:
            self._conn.execute("BEGIN IMMEDIATE")
            self._conn.execute(
                "INSERT INTO catalog (id, etag, body, fetched_at) VALUES (1, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET etag = excluded.etag, body = excluded.body,"
                " fetched_at = excluded.fetched_at",
                (doc.etag, json.dumps(doc.body, ensure_ascii=False), time.time()),
            )
        self._memory, self._etag = fresh, doc.etag
        log.info("catalogue updated", extra={"etag": doc.etag, "matters": len(fresh.matters)})
        return fresh

    def _load(self) -> Catalog | None:
        if self._memory is not None:
            return self._memory
        row = self._conn.execute("SELECT etag, body FROM catalog WHERE id = 1").fetchone()
        if row is None:
            return None
        try:
            stored = CatalogOut.model_validate_json(row["body"])
        except ValueError:  # not JSON, or not a catalogue (ValidationError is one)
            log.error("stored catalogue is unreadable; ignoring it")
            return None
        self._memory = catalog(stored, self._client.base_url)
        self._etag = row["etag"]
        return self._memory
