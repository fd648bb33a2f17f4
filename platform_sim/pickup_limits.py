"""Rate limits on pickup-code checks: six digits must not fall to a script.

Two sliding windows over ``pickup_attempts`` (one row per check, kept for
:data:`WINDOW`):

* per terminal: :data:`REFUSALS_PER_TERMINAL` refused checks (wrong, used, expired
  or elsewhere) within the window lock the terminal's checks out until the oldest
  leaves it: about one guess a minute, so enumerating a million codes from one
  kiosk takes years, while a resident who mistypes a few times is never stopped;
* per code value: :data:`CHECKS_PER_CODE` checks of one code within the window,
  from any terminal and whatever the answer, then that code waits: a code that
  leaked (a photo of the SMS) cannot be probed across the fleet, and a used or
  elsewhere code cannot be hammered for what its answers tell.

Over either limit the answer is 429 ``too_many_attempts`` with ``Retry-After``
(seconds), before the code is even looked up, so the right code waits too and the
answer says nothing about it. An attempt is recorded as refused when it starts and
cleared if it succeeds, all in the one transaction that counts, so concurrent
guesses cannot slip past the count.
"""

from __future__ import annotations

import math
from datetime import timedelta

from platform_sim.clock import now
from platform_sim.db import Database
from platform_sim.errors import ApiError
from platform_sim.store.transaction import Tx

WINDOW = timedelta(minutes=10)
REFUSALS_PER_TERMINAL = 10
CHECKS_PER_CODE = 5


def _retry_after(times: list[float], limit: int, at: float) -> int:
    """Seconds until enough of ``times`` (ascending) leave the window to go under."""
    freed = times[len(times) - limit] + WINDOW.total_seconds()
    return max(1, math.ceil(freed - at))


def _at_most(limit: int, times: list[float], at: float, zh: str, en: str) -> None:
    """429 with the wait when ``times`` (ascending, in the window) reached ``limit``."""
    if len(times) >= limit:
        raise _too_many(_retry_after(times, limit, at), zh, en)


def _too_many(seconds: int, zh: str, en: str) -> ApiError:
    minutes = max(1, math.ceil(seconds / 60))
    return ApiError(
        429,
        "too_many_attempts",
        f"{zh}，请{minutes}分钟后再试，或联系工作人员",
        f"{en}; please try again in {minutes} minute{'s' if minutes > 1 else ''} or ask staff",
        {"Retry-After": str(seconds)},
    )


def begin_check(db: Database, terminal_id: str, code: str) -> int:
    """Count this check against both limits (429 when over one); returns its row id,
    recorded as refused until :func:`check_succeeded` says otherwise."""
    at = now().timestamp()
    since = at - WINDOW.total_seconds()
    with db.tx(counts_then_inserts=True) as conn:
        conn.execute("DELETE FROM pickup_attempts WHERE at < ?", (since,))
        refused = _times(conn, "terminal_id = ? AND refused = 1 AND at >= ?", (terminal_id, since))
        _at_most(
            REFUSALS_PER_TERMINAL,
            refused,
            at,
            "本机取件码错误次数过多",
            "Too many wrong pickup codes at this kiosk",
        )
        checks = _times(conn, "code = ? AND at >= ?", (code, since))
        _at_most(
            CHECKS_PER_CODE,
            checks,
            at,
            "该取件码查询过于频繁",
            "This pickup code has been tried too often",
        )
        row = conn.execute(
            "INSERT INTO pickup_attempts (terminal_id, code, at, refused) VALUES (?, ?, ?, 1)"
            " RETURNING id",
            (terminal_id, code, at),
        ).fetchone()
        return int(row[0]) if row is not None else 0


def check_succeeded(db: Database, attempt: int) -> None:
    with db.tx() as conn:
        conn.execute("UPDATE pickup_attempts SET refused = 0 WHERE id = ?", (attempt,))


def _times(conn: Tx, where: str, args: tuple[object, ...]) -> list[float]:
    rows = conn.execute(f"SELECT at FROM pickup_attempts WHERE {where} ORDER BY at", args)
    return [float(r["at"]) for r in rows]
