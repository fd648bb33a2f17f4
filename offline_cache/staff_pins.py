"""Clerk and technician PINs: scrypt hashes (never the PIN), lock-out after
repeated failures, both durable in SQLite so a restart does not reset the count.

The one PIN implementation of the kiosk: :class:`StaffPins` (PINs kept in
SQLite by staff id) and the staff-card directory (``kiosk/staff_directory.py``,
PIN hashes in the site's JSON file) both hash with :func:`hash_pin` /
:func:`verify_pin` and count wrong PINs with :class:`PinLockout`.

A stored hash is ``scrypt$n$r$p$salt_hex$hash_hex``; the cost travels with the
hash, so it can be raised later without invalidating old PINs. After
``max_failures`` wrong PINs in a row a key (staff id, card) is locked for
``lockout_s`` (doubling with each further lock-out, capped); a right PIN
resets the count. Nothing here logs a PIN or a hash.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flows.domain import StaffRole
from offline_cache.sqlite_store import open_db

__all__ = [
    "Attempt",
    "PinCheck",
    "PinLockout",
    "PinPolicyError",
    "PinResult",
    "ScryptCost",
    "StaffPins",
    "StaffRole",
    "check_pin_policy",
    "hash_pin",
    "verify_pin",
]

log = logging.getLogger(__name__)

DB_FILE = "staff.sqlite3"
LOCKOUT_SCHEMA = """
CREATE TABLE IF NOT EXISTS pin_lockout (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0
);
"""
SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_pins (
    staff_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    pin_hash TEXT NOT NULL
);
"""


class PinResult(enum.StrEnum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    UNKNOWN = "unknown"  # answered like WRONG to the person at the screen


@dataclass(frozen=True)
class PinCheck:
    result: PinResult
    role: StaffRole | None = None
    attempts_left: int = 0
    locked_for_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.result is PinResult.OK


@dataclass(frozen=True)
class ScryptCost:
    n: int = 2**15  # ~32 MiB, ~0.1 s on a kiosk CPU
    r: int = 8
    p: int = 1


class PinPolicyError(ValueError):
    pass


def hash_pin(pin: str, cost: ScryptCost = ScryptCost()) -> str:
    salt = os.urandom(16)
    digest = _scrypt(pin, salt, cost.n, cost.r, cost.p)
    return f"scrypt${cost.n}${cost.r}${cost.p}${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time check of ``pin`` against a stored hash; a malformed hash never matches."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = bytes.fromhex(digest)
        if scheme != "scrypt" or not expected:
            return False
        got = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p), len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(got, expected)


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=dklen
    )


@dataclass(frozen=True)
class Attempt:
    """What one wrong PIN did: tries left before the lock, or how long the key is locked."""

    attempts_left: int
    locked_for_s: float = 0.0

    @property
    def locked(self) -> bool:
        return self.locked_for_s > 0


class PinLockout:
    """Wrong-PIN counting per key, durable in SQLite: a restart does not reset it.

    ``key`` is whatever identifies the person at the screen (a staff id, a card);
    callers that key by card UID pass a digest, not the UID. Thread-safe (one
    connection, each change one statement).
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        max_failures: int = 5,
        lockout_s: float = 300.0,
        max_lockout_s: float = 3600.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._conn = conn
        self._conn.executescript(LOCKOUT_SCHEMA)
        self._lock = threading.Lock()
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self.max_lockout_s = max_lockout_s
        self._clock = clock

    @classmethod
    def open(cls, path: Path, **kw: Any) -> PinLockout:
        return cls(open_db(path), **kw)

    def close(self) -> None:
        self._conn.close()

    def locked_for(self, key: str) -> float:
        """Seconds ``key`` stays locked (0: not locked)."""
        row = self._conn.execute(
            "SELECT locked_until FROM pin_lockout WHERE key = ?", (key,)
        ).fetchone()
        left = (row["locked_until"] - self._clock()) if row is not None else 0.0
        return max(0.0, left)

    def failed(self, key: str) -> Attempt:
        """Count one wrong PIN; the ``max_failures``-th locks the key."""
        with self._lock:
            now = self._clock()
            row = self._conn.execute(
                "SELECT failures, lockouts FROM pin_lockout WHERE key = ?", (key,)
            ).fetchone()
            failures = (row["failures"] if row else 0) + 1
            lockouts = row["lockouts"] if row else 0
            if failures < self.max_failures:
                self._conn.execute(
                    "INSERT INTO pin_lockout (key, failures) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures",
                    (key, failures),
                )
                return Attempt(self.max_failures - failures)
            lockouts += 1
            wait = min(self.max_lockout_s, self.lockout_s * 2 ** (lockouts - 1))
            self._conn.execute(
                "INSERT INTO pin_lockout (key, failures, lockouts, locked_until)"
                " VALUES (?, 0, ?, ?) ON CONFLICT (key) DO UPDATE SET failures = 0,"
                " lockouts = excluded.lockouts, locked_until = excluded.locked_until",
                (key, lockouts, now + wait),
            )
            return Attempt(0, wait)

    def succeeded(self, key: str) -> None:
        """A right PIN (or a new one): the count starts again."""
        with self._lock:
            self._conn.execute("DELETE FROM pin_lockout WHERE key = ?", (key,))


class StaffPins:
    def __init__(
        self,
        path: Path,
        *,
        max_failures: int = 5,
        lockout_s: float = 300.0,
        max_lockout_s: float = 3600.0,
        min_length: int = 6,
        cost: ScryptCost = ScryptCost(),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._conn = open_db(path)
        self._conn.executescript(SCHEMA)
        self.lockout = PinLockout(
            self._conn,
            max_failures=max_failures,
            lockout_s=lockout_s,
            max_lockout_s=max_lockout_s,
            clock=clock,
        )
        self.max_failures = max_failures
        self.min_length = min_length
        self._cost = cost

    def close(self) -> None:
        self._conn.close()

    def set_pin(self, staff_id: str, role: StaffRole, pin: str) -> None:
        check_pin_policy(pin, self.min_length)
        self._conn.execute(
            "INSERT INTO staff_pins (staff_id, role, pin_hash) VALUES (?, ?, ?)"
            " ON CONFLICT (staff_id) DO UPDATE SET role = excluded.role,"
            " pin_hash = excluded.pin_hash",
            (staff_id, role.value, hash_pin(pin, self._cost)),
        )
        self.lockout.succeeded(staff_id)
        log.info("staff PIN set", extra={"staff_id": staff_id, "role": role.value})

    def check(self, staff_id: str, pin: str) -> PinCheck:
        row = self._conn.execute(
            "SELECT * FROM staff_pins WHERE staff_id = ?", (staff_id,)
        ).fetchone()
        if row is None:
            verify_pin(pin, hash_pin("000000", self._cost))  # same time as a real check
            log.warning("staff PIN for unknown staff id", extra={"staff_id": staff_id})
            return PinCheck(PinResult.UNKNOWN, attempts_left=self.max_failures)
        locked = self.lockout.locked_for(staff_id)
        if locked > 0:
            return PinCheck(PinResult.LOCKED, locked_for_s=locked)
        if verify_pin(pin, row["pin_hash"]):
            self.lockout.succeeded(staff_id)
            log.info("staff PIN accepted", extra={"staff_id": staff_id, "role": row["role"]})
            return PinCheck(PinResult.OK, StaffRole(row["role"]))
        attempt = self.lockout.failed(staff_id)
        if attempt.locked:
            log.warning(
                "staff PIN locked out",
                extra={"staff_id": staff_id, "locked_for_s": attempt.locked_for_s},
            )
            return PinCheck(PinResult.LOCKED, locked_for_s=attempt.locked_for_s)
        log.info(
            "staff PIN wrong", extra={"staff_id": staff_id, "attempts_left": attempt.attempts_left}
        )
        return PinCheck(PinResult.WRONG, attempts_left=attempt.attempts_left)


def check_pin_policy(pin: str, min_length: int = 6) -> None:
    """Refuse short, non-digit, one-digit or run PINs (``PinPolicyError``)."""
    if len(pin) < min_length or not (pin.isascii() and pin.isdigit()):  # no "١" or "²"
        raise PinPolicyError(f"a PIN has at least {min_length} digits")
    if len(set(pin)) == 1 or pin in "01234567890" or pin in "09876543210":
        raise PinPolicyError("a PIN must not be one repeated digit or a run")
