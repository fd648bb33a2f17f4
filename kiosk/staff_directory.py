"""Staff cards and PINs: the site's staff directory file over the kiosk's one PIN
implementation (:mod:`offline_cache.staff_pins`).

:class:`flows.ports.StaffDirectory` for the clerk/technician journeys. The
directory is a JSON file the site's administrator keeps; PINs are
``scrypt$n$r$p$salt$hash`` strings made by :func:`offline_cache.staff_pins.hash_pin`::

    {"staff": [{"staff_id": "C0107", "role": "clerk", "card_uid": "04A1...",
                "pin": "scrypt$16384$8$1$<salt hex>$<hash hex>"}],
     "maintenance_pin": "scrypt$..."}

(the older object form ``{"salt", "hash", "n", "r", "p"}`` is read as the same hash).
PINs are never stored or logged in clear; comparisons are constant-time.
Wrong PINs are counted per card (and once for the maintenance gesture) by
:class:`offline_cache.staff_pins.PinLockout` in ``staff.sqlite3`` in the kiosk's
data dir, so a restart does not reset a lock-out. Cards are keyed there by a
digest of the UID.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from device_contracts import StaffCard
from flows.domain import PinCheck, PinVerdict, StaffMember, StaffRole
from offline_cache.staff_pins import DB_FILE, PinLockout, ScryptCost, hash_pin, verify_pin

__all__ = [
    "DB_FILE",
    "GESTURE_KEY",
    "FileStaffDirectory",
    "StaffDirectoryError",
    "StaffRecord",
    "directory_json",
    "pin_hash_from_json",
]

log = logging.getLogger(__name__)

#: who the maintenance gesture's PIN logs in as (no card, no staff number): the id
#: the audit log records, and the staff menu names in words
GESTURE_STAFF_ID = "maintenance"

GESTURE_KEY = "gesture"
#: the directory file's cost: a check stays well under a second on a kiosk CPU
DIRECTORY_COST = ScryptCost(n=2**14)


def pin_hash_from_json(value: object) -> str:
    """A directory entry's PIN hash: the ``scrypt$...`` string, or the older object form."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        n, r, p = int(value.get("n", 2**14)), int(value.get("r", 8)), int(value.get("p", 1))
        return f"scrypt${n}${r}${p}${value['salt']}${value['hash']}"
    raise TypeError("a PIN must be a scrypt$... string")


def _card_key(uid: str) -> str:
    return "card:" + hashlib.sha256(uid.upper().encode()).hexdigest()[:24]


@dataclass(frozen=True)
class StaffRecord:
    member: StaffMember
    card_uid: str
    pin_hash: str


class StaffDirectoryError(ValueError):
    pass


class FileStaffDirectory:
    """``StaffDirectory`` over a JSON file (see the module docstring)."""

    def __init__(
        self,
        records: list[StaffRecord],
        maintenance_pin: str | None,
        lockout: PinLockout,
    ) -> None:
        self._by_card = {r.card_uid.upper(): r for r in records}
        self._maintenance = maintenance_pin
        self.lockout = lockout

    @classmethod
    def load(
        cls,
        path: Path,
        *,
        state: Path,
        max_attempts: int = 5,
        lockout_s: float = 300.0,
        clock: Callable[[], float] | None = None,
    ) -> FileStaffDirectory:
        """The directory ``path``; wrong-PIN counts kept in the SQLite file ``state``."""
        try:
            d = json.loads(path.read_text(encoding="utf-8"))
            records = [
                StaffRecord(
                    StaffMember(
                        str(s["staff_id"]), StaffRole(s["role"]), str(s.get("display_name", ""))
                    ),
                    str(s["card_uid"]),
                    pin_hash_from_json(s["pin"]),
                )
                for s in d.get("staff", [])
            ]
            maintenance = d.get("maintenance_pin")
            maintenance_hash = pin_hash_from_json(maintenance) if maintenance else None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StaffDirectoryError(f"{path}: {type(exc).__name__}: {exc}") from None
        extra: dict[str, Any] = {} if clock is None else {"clock": clock}
        lockout = PinLockout.open(state, max_failures=max_attempts, lockout_s=lockout_s, **extra)
        return cls(records, maintenance_hash, lockout)

    def close(self) -> None:
        self.lockout.close()

    def check_pin(self, card: StaffCard | None, pin: str) -> PinCheck:
        key = _card_key(card.uid) if card is not None else GESTURE_KEY
        locked = self.lockout.locked_for(key)
        if locked > 0:
            return PinCheck(PinVerdict.LOCKED, locked_for_s=int(locked) + 1)
        if card is None:
            if self._maintenance is None:
                return PinCheck(PinVerdict.UNKNOWN_CARD)
            ok = verify_pin(pin, self._maintenance)
            member = StaffMember(GESTURE_STAFF_ID, StaffRole.TECHNICIAN) if ok else None
        else:
            record = self._by_card.get(card.uid.upper())
            if record is None:
                log.info("unknown staff card")
                return PinCheck(PinVerdict.UNKNOWN_CARD)
            ok = verify_pin(pin, record.pin_hash)
            member = record.member if ok else None
        if ok and member is not None:
            self.lockout.succeeded(key)
            return PinCheck(PinVerdict.OK, member)
        attempt = self.lockout.failed(key)
        if attempt.locked:
            log.warning("staff card locked out", extra={"lockout_s": attempt.locked_for_s})
            return PinCheck(PinVerdict.LOCKED, locked_for_s=int(attempt.locked_for_s))
        return PinCheck(PinVerdict.WRONG, attempts_left=attempt.attempts_left)


def directory_json(
    records: list[tuple[str, str, str, str]],
    maintenance_pin: str,
    cost: ScryptCost = DIRECTORY_COST,
) -> str:
    """For setting up a site: ``(staff_id, role, card_uid, pin)`` -> the directory file."""
    return json.dumps(
        {
            "staff": [
                {"staff_id": sid, "role": role, "card_uid": uid, "pin": hash_pin(pin, cost)}
                for sid, role, uid, pin in records
            ],
            "maintenance_pin": hash_pin(maintenance_pin, cost),
        },
        indent=2,
    )
