"""Staff cards and PINs: scrypt-hashed PINs, wrong-PIN counting and lock-out.

A minimal implementation of :class:`flows.ports.StaffDirectory` written for the
clerk/technician journeys (no other PIN module existed in the tree when they
were built). The directory is a JSON file the site's administrator keeps:

    {"staff": [{"staff_id": "C0107", "role": "clerk", "card_uid": "04A1...",
                "pin": {"salt": "<hex>", "hash": "<hex>", "n": 16384, "r": 8, "p": 1}}],
     "maintenance_pin": {... same shape ...}}

PINs are never stored or logged in clear; comparisons are constant-time.
Lock-out is per card (and one for the maintenance gesture): ``max_attempts``
wrong PINs lock it for ``lockout_s`` seconds.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devices.base import StaffCard
from flows.domain import PinCheck, PinVerdict, StaffMember, StaffRole

log = logging.getLogger(__name__)

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
GESTURE_KEY = "<maintenance-gesture>"


@dataclass(frozen=True)
class PinHash:
    salt: bytes
    digest: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def matches(self, pin: str) -> bool:
        got = hashlib.scrypt(
            pin.encode(), salt=self.salt, n=self.n, r=self.r, p=self.p, dklen=len(self.digest)
        )
        return hmac.compare_digest(got, self.digest)

    def to_json(self) -> dict[str, Any]:
        return {
            "salt": self.salt.hex(),
            "hash": self.digest.hex(),
            "n": self.n,
            "r": self.r,
            "p": self.p,
        }

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> PinHash:
        return cls(
            bytes.fromhex(str(d["salt"])),
            bytes.fromhex(str(d["hash"])),
            int(d.get("n", SCRYPT_N)),
            int(d.get("r", SCRYPT_R)),
            int(d.get("p", SCRYPT_P)),
        )


def hash_pin(pin: str, *, salt: bytes | None = None) -> PinHash:
    salt = salt if salt is not None else os.urandom(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return PinHash(salt, digest)


@dataclass(frozen=True)
class StaffRecord:
    member: StaffMember
    card_uid: str
    pin: PinHash


class StaffDirectoryError(ValueError):
    pass


class FileStaffDirectory:
    """``StaffDirectory`` over a JSON file (see the module docstring)."""

    def __init__(
        self,
        records: list[StaffRecord],
        maintenance_pin: PinHash | None = None,
        *,
        max_attempts: int = 5,
        lockout_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._by_card = {r.card_uid.upper(): r for r in records}
        self._maintenance = maintenance_pin
        self.max_attempts = max_attempts
        self.lockout_s = lockout_s
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}

    @classmethod
    def load(cls, path: Path, **kw: Any) -> FileStaffDirectory:
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            records = [
                StaffRecord(
                    StaffMember(
                        str(s["staff_id"]), StaffRole(s["role"]), str(s.get("display_name", ""))
                    ),
                    str(s["card_uid"]),
                    PinHash.from_json(s["pin"]),
                )
                for s in d.get("staff", [])
            ]
            maintenance = d.get("maintenance_pin")
            return cls(records, PinHash.from_json(maintenance) if maintenance else None, **kw)
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StaffDirectoryError(f"{path}: {type(exc).__name__}: {exc}") from None

    def check_pin(self, card: StaffCard | None, pin: str) -> PinCheck:
        key = card.uid.upper() if card is not None else GESTURE_KEY
        now = self._clock()
        with self._lock:
            until = self._locked_until.get(key, 0.0)
            if until > now:
                return PinCheck(PinVerdict.LOCKED, locked_for_s=int(until - now) + 1)
        if card is None:
            if self._maintenance is None:
                return PinCheck(PinVerdict.UNKNOWN_CARD)
            ok = self._maintenance.matches(pin)
            member = StaffMember("maintenance", StaffRole.TECHNICIAN) if ok else None
        else:
            record = self._by_card.get(key)
            if record is None:
                log.info("unknown staff card")
                return PinCheck(PinVerdict.UNKNOWN_CARD)
            ok = record.pin.matches(pin)
            member = record.member if ok else None
        with self._lock:
            if ok:
                self._failures.pop(key, None)
                return PinCheck(PinVerdict.OK, member)
            failures = self._failures.get(key, 0) + 1
            self._failures[key] = failures
            if failures >= self.max_attempts:
                self._failures.pop(key, None)
                self._locked_until[key] = now + self.lockout_s
                log.warning("staff card locked out", extra={"lockout_s": self.lockout_s})
                return PinCheck(PinVerdict.LOCKED, locked_for_s=int(self.lockout_s))
            return PinCheck(PinVerdict.WRONG, attempts_left=self.max_attempts - failures)


def directory_json(records: list[tuple[str, str, str, str]], maintenance_pin: str) -> str:
    """For setting up a site: ``(staff_id, role, card_uid, pin)`` -> the directory file."""
    return json.dumps(
        {
            "staff": [
                {"staff_id": sid, "role": role, "card_uid": uid, "pin": hash_pin(pin).to_json()}
                for sid, role, uid, pin in records
            ],
            "maintenance_pin": hash_pin(maintenance_pin).to_json(),
        },
        indent=2,
    )
