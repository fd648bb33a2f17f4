"""Platform time is Beijing time (UTC+8, no daylight saving): case codes carry the
Beijing date of acceptance and deadlines are Beijing dates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


def now() -> datetime:
    return datetime.now(BEIJING)
