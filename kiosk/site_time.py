"""The kiosk shows and prints the site's local time, whatever the PC's zone.

The platform stamps cases in Beijing time; a kiosk PC left on UTC would show
12:28 in its header and "deposited 20:28" on the clerk's list, and print UTC
times on receipts. ``terminal.timezone`` (default ``CST-8``: China Standard
Time, UTC+8, no daylight saving; a POSIX TZ string that needs no tzdata) is
applied to the process before Qt or anything else reads the clock.
"""

from __future__ import annotations

import logging
import os
import time

log = logging.getLogger(__name__)


def apply_timezone(tz: str) -> None:
    """Make ``datetime.now()``, ``time.localtime()`` and Qt's local time use ``tz``."""
    os.environ["TZ"] = tz
    time.tzset()
    log.info("site time zone", extra={"tz": tz, "utc_offset_s": -time.timezone})
