"""An append-only, hash-chained audit log of every locker command and door event.

One JSON object per line. Each entry holds ``prev`` (the previous entry's
hash, 64 zeros for the first) and ``hash``: SHA-256 over the entry's
canonical JSON without ``hash``. Editing, removing or reordering a line
breaks the chain, which :func:`verify_audit_log` reports. Entries hold
compartment ids, boards, channels and outcomes, never personal data.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


def _digest(entry: dict[str, Any]) -> str:
    body = {k: v for k, v in entry.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class AuditLog:
    """Appends chained entries; ``path`` None keeps them in memory (tests, CLI one-offs)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._memory: list[str] = []
        self._prev = GENESIS
        self._seq = 0
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            last = _last_line(path)
            if last:
                entry = json.loads(last)
                self._prev = str(entry["hash"])
                self._seq = int(entry["seq"])

    def append(self, event: str, **fields: str | int | bool | None) -> dict[str, Any]:
        with self._lock:
            entry: dict[str, Any] = {
                "seq": self._seq + 1,
                "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
                "event": event,
                **fields,
                "prev": self._prev,
            }
            entry["hash"] = _digest(entry)
            line = json.dumps(entry, ensure_ascii=False, sort_keys=True)
            if self.path is None:
                self._memory.append(line)
            else:
                with self.path.open("a", encoding="utf-8") as f:
                    f.write(line + "\n")
                    f.flush()
                    os.fsync(f.fileno())
            self._prev = entry["hash"]
            self._seq += 1
            return entry

    def lines(self) -> list[str]:
        with self._lock:
            if self.path is None:
                return list(self._memory)
            return self.path.read_text(encoding="utf-8").splitlines()

    def entries(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.lines() if line.strip()]


@dataclass(frozen=True)
class AuditCheck:
    ok: bool
    entries: int
    bad_line: int | None = None  # 1-based line of the first broken entry
    problem: str = ""


def verify_lines(lines: list[str]) -> AuditCheck:
    prev = GENESIS
    count = 0
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            return AuditCheck(False, count, number, "not JSON")
        if not isinstance(entry, dict):
            return AuditCheck(False, count, number, "not an object")
        if entry.get("prev") != prev:
            return AuditCheck(False, count, number, "chain broken (prev does not match)")
        if entry.get("hash") != _digest(entry):
            return AuditCheck(False, count, number, "entry altered (hash does not match)")
        if entry.get("seq") != count + 1:
            return AuditCheck(False, count, number, "sequence gap")
        prev = entry["hash"]
        count += 1
    return AuditCheck(True, count)


def verify_audit_log(path: Path) -> AuditCheck:
    return verify_lines(path.read_text(encoding="utf-8").splitlines())


def _last_line(path: Path) -> str:
    if not path.exists():
        return ""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[-1] if lines else ""
