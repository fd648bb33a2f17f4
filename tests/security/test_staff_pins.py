"""Clerk/technician PINs: scrypt hashes at rest, lock-out, durable across restarts."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest

from offline_cache.staff_pins import (
    PinPolicyError,
    PinResult,
    ScryptCost,
    StaffPins,
    StaffRole,
    hash_pin,
    verify_pin,
)

FAST = ScryptCost(n=2**10)  # the production cost is 2**15; the logic is the same


class Clock:
    def __init__(self) -> None:
        self.t = 1_000_000.0

    def __call__(self) -> float:
        return self.t


def pins(path: Path, clock: Clock) -> StaffPins:
    return StaffPins(path, cost=FAST, clock=clock, max_failures=3, lockout_s=60)


def test_pin_is_stored_as_a_salted_scrypt_hash(tmp_path: Path) -> None:
    store = pins(tmp_path / "staff.sqlite3", Clock())
    store.set_pin("clerk-07", StaffRole.CLERK, "482913")
    store.close()
    raw = (tmp_path / "staff.sqlite3").read_bytes()
    [(stored,)] = sqlite3.connect(tmp_path / "staff.sqlite3").execute(
        "SELECT pin_hash FROM staff_pins"
    )
    print("stored:", stored[:40] + "...")
    assert stored.startswith("scrypt$1024$8$1$") and b"482913" not in raw
    assert hash_pin("482913", FAST) != hash_pin("482913", FAST), "salted"
    assert verify_pin("482913", stored) and not verify_pin("482914", stored)


def test_lockout_after_repeated_failures_survives_restart_and_expires(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    clock = Clock()
    store = pins(tmp_path / "staff.sqlite3", clock)
    store.set_pin("tech-01", StaffRole.TECHNICIAN, "736150")
    tries = [store.check("tech-01", "000001").result for _ in range(3)]
    print("three wrong PINs:", [t.value for t in tries])
    assert tries == [PinResult.WRONG, PinResult.WRONG, PinResult.LOCKED]
    store.close()

    store = pins(tmp_path / "staff.sqlite3", clock)  # a restart does not unlock
    locked = store.check("tech-01", "736150")
    print("right PIN while locked:", locked.result.value, f"{locked.locked_for_s:.0f} s left")
    assert locked.result is PinResult.LOCKED and locked.locked_for_s == 60

    # guessing on after the lock-out ends locks again, twice as long
    clock.t += 61
    for _ in range(3):
        store.check("tech-01", "999990")
    assert store.check("tech-01", "736150").locked_for_s == 120
    clock.t += 121
    ok = store.check("tech-01", "736150")
    assert ok.ok and ok.role is StaffRole.TECHNICIAN
    assert "736150" not in caplog.text and "999990" not in caplog.text


def test_unknown_staff_and_weak_pins(tmp_path: Path) -> None:
    store = pins(tmp_path / "staff.sqlite3", Clock())
    assert store.check("nobody", "123456").result is PinResult.UNKNOWN
    for weak in ("1234", "111111", "123456", "abcdef"):
        with pytest.raises(PinPolicyError):
            store.set_pin("clerk-01", StaffRole.CLERK, weak)
        print(f"weak PIN {weak!r} refused")


def test_staff_card_lockout_survives_a_kiosk_restart(tmp_path: Path) -> None:
    """The staff directory (cards + PINs in the site's JSON) counts wrong PINs in the data
    dir: a restart of the kiosk neither unlocks a locked card nor forgets earlier tries."""
    from device_contracts import StaffCard
    from flows.domain import PinVerdict
    from kiosk.staff_directory import FileStaffDirectory, directory_json

    site = tmp_path / "staff.json"
    site.write_text(
        directory_json([("C0107", "clerk", "04A1B2C3", "482913")], "736150", FAST),
        encoding="utf-8",
    )
    state = tmp_path / "data" / "staff.sqlite3"
    clock = Clock()

    def restart() -> FileStaffDirectory:
        return FileStaffDirectory.load(site, state=state, max_attempts=3, lockout_s=60, clock=clock)

    card = StaffCard("04a1b2c3")
    directory = restart()
    assert directory.check_pin(card, "000001").attempts_left == 2
    directory.close()
    directory = restart()  # the count goes on after a restart
    assert directory.check_pin(card, "000002").attempts_left == 1
    locked = directory.check_pin(card, "000003")
    assert locked.verdict is PinVerdict.LOCKED
    directory.close()

    directory = restart()
    still = directory.check_pin(card, "482913")
    print("right PIN after a restart while locked:", still.verdict.value, still.locked_for_s, "s")
    assert still.verdict is PinVerdict.LOCKED and 0 < still.locked_for_s <= 61
    gesture = directory.check_pin(None, "736150")
    assert gesture.verdict is PinVerdict.OK, "the gesture PIN has its own count"
    clock.t += 61
    assert directory.check_pin(card, "482913").verdict is PinVerdict.OK
    directory.close()

    raw = b"".join(f.read_bytes() for f in state.parent.glob("staff.sqlite3*"))
    assert b"04A1B2C3" not in raw.upper() and b"482913" not in raw, "no UID or PIN in the state"
    assert "482913" not in site.read_text(), "no PIN in clear in the directory"


def test_old_directory_hashes_are_read_by_the_shared_verifier() -> None:
    from kiosk.staff_directory import pin_hash_from_json

    stored = hash_pin("482913", FAST)
    _, n, r, p, salt, digest = stored.split("$")
    old = {"salt": salt, "hash": digest, "n": int(n), "r": int(r), "p": int(p)}
    assert pin_hash_from_json(old) == stored
    assert verify_pin("482913", pin_hash_from_json(old))
    assert not verify_pin("482913", "scrypt$zz$8$1$00$00"), "a malformed hash never matches"
