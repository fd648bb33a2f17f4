"""Clerk and technician PINs: scrypt hashes (never the PIN), lock-out after
repeated failures, both durable in SQLite so a restart does not reset the count.

A stored hash is ``scrypt$n$r$p$salt_hex$hash_hex``; the cost travels with the
hash, so it can be raised later without invalidating old PINs. After
``max_failures`` wrong PINs in a row the staff id is locked for ``lockout_s``
(doubling with each further lock-out, capped); a right PIN resets the count.
Nothing here logs a PIN or a hash.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from offline_cache.sqlite_store import open_db

log = logging.getLogger(__name__)

DB_FILE = "staff.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS staff_pins (
    staff_id TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    pin_hash TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    lockouts INTEGER NOT NULL DEFAULT 0,
    locked_until REAL NOT NULL DEFAULT 0
);
"""


class StaffRole(enum.StrEnum):
    CLERK = "clerk"
    TECHNICIAN = "technician"


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
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    got = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
    return hmac.compare_digest(got, bytes.fromhex(digest))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        pin.encode(), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32
    )


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
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self.max_lockout_s = max_lockout_s
        self.min_length = min_length
        self._cost = cost
        self._clock = clock

    def close(self) -> None:
        self._conn.close()

    def set_pin(self, staff_id: str, role: StaffRole, pin: str) -> None:
        if len(pin) < self.min_length or not pin.isdigit():
            raise PinPolicyError(f"a PIN has at least {self.min_length} digits")
        if len(set(pin)) == 1 or pin in "01234567890" or pin in "09876543210":
            raise PinPolicyError("a PIN must not be one repeated digit or a run")
        self._conn.execute(
            "INSERT INTO staff_pins (staff_id, role, pin_hash) VALUES (?, ?, ?)"
            " ON CONFLICT (staff_id) DO UPDATE SET role = excluded.role,"
            " pin_hash = excluded.pin_hash, failures = 0, lockouts = 0, locked_until = 0",
            (staff_id, role.value, hash_pin(pin, self._cost)),
        )
        log.info("staff PIN set", extra={"staff_id": staff_id, "role": role.value})

    def check(self, staff_id: str, pin: str) -> PinCheck:
        now = self._clock()
        row = self._conn.execute(
            "SELECT * FROM staff_pins WHERE staff_id = ?", (staff_id,)
        ).fetchone()
        if row is None:
            verify_pin(pin, hash_pin("000000", self._cost))  # same time as a real check
            log.warning("staff PIN for unknown staff id", extra={"staff_id": staff_id})
            return PinCheck(PinResult.UNKNOWN, attempts_left=self.max_failures)
        if row["locked_until"] > now:
            return PinCheck(PinResult.LOCKED, locked_for_s=row["locked_until"] - now)
        if verify_pin(pin, row["pin_hash"]):
            self._conn.execute(
                "UPDATE staff_pins SET failures = 0, lockouts = 0, locked_until = 0"
                " WHERE staff_id = ?",
                (staff_id,),
            )
            log.info("staff PIN accepted", extra={"staff_id": staff_id, "role": row["role"]})
            return PinCheck(PinResult.OK, StaffRole(row["role"]))
        failures = row["failures"] + 1
        if failures >= self.max_failures:
            lockouts = row["lockouts"] + 1
            wait = min(self.max_lockout_s, self.lockout_s * 2 ** (lockouts - 1))
            self._conn.execute(
                "UPDATE staff_pins SET failures = 0, lockouts = ?, locked_until = ?"
                " WHERE staff_id = ?",
                (lockouts, now + wait, staff_id),
            )
            log.warning("staff PIN locked out", extra={"staff_id": staff_id, "locked_for_s": wait})
            return PinCheck(PinResult.LOCKED, locked_for_s=wait)
        self._conn.execute(
            "UPDATE staff_pins SET failures = ? WHERE staff_id = ?", (failures, staff_id)
        )
        log.info("staff PIN wrong", extra={"staff_id": staff_id, "failures": failures})
        return PinCheck(PinResult.WRONG, attempts_left=self.max_failures - failures)
