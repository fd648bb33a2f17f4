"""The catalogue as served, and its strong ETag (a hash of the exact content)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from platform_sim.errors import ApiError
from platform_sim.store.transaction import Tx


def load_catalog(conn: Tx) -> dict[str, Any]:
    categories = [
        json.loads(r["body"]) for r in conn.execute("SELECT body FROM categories ORDER BY position")
    ]
    matters = [
        json.loads(r["body"]) for r in conn.execute("SELECT body FROM matters ORDER BY position")
    ]
    canonical = json.dumps(
        {"categories": categories, "matters": matters}, sort_keys=True, ensure_ascii=False
    )
    version = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    return {"version": version, "categories": categories, "matters": matters}


def etag_of(version: str) -> str:
    return f'"{version}"'


def if_none_match_hits(header: str | None, etag: str) -> bool:
    """RFC 9110: If-None-Match compares weakly, so a W/ prefix still matches."""
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return etag in tags


def matter_body(conn: Tx, code: str) -> dict[str, Any]:
    row = conn.execute("SELECT body FROM matters WHERE code = ?", (code,)).fetchone()
    if row is None:
        raise ApiError(422, "unknown_matter", "没有这个事项", "There is no such matter")
    body: dict[str, Any] = json.loads(row["body"])
    return body
