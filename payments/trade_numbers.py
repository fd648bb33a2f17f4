"""The kiosk's trade numbers (out_trade_no): ``K<terminal>-<yyyymmddHHMMSS>-<random>``.

Unique without asking anyone: the terminal's id separates kiosks, the second separates
a kiosk's days, and 40 random bits separate the attempts of one second (a new number per
attempt, so a QR that expired is never paid under the same number as its successor).
The gateway allows 64 characters (the refund's number, this one and ``-R``, too); a
long terminal id is cut, never the time or the
random part, and anything but letters and digits in it is dropped (the number is put
in URLs and CSV bills).
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime

_REFUND_SUFFIX = "-R"
#: the gateway takes 64 characters for either number; the refund's adds its suffix
MAX_LENGTH = 64 - len(_REFUND_SUFFIX)
_PREFIX = "K"
_RANDOM_HEX = 10
#: the time and random parts with their separators
_TAIL = 1 + 14 + 1 + _RANDOM_HEX
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def new_trade_number(terminal_id: str, now: datetime) -> str:
    """A fresh out_trade_no for ``terminal_id`` at ``now`` (the kiosk's clock, UTC)."""
    room = MAX_LENGTH - len(_PREFIX) - _TAIL
    terminal = _NOT_ALNUM.sub("", terminal_id)[:room] or "0"
    return f"{_PREFIX}{terminal}-{now:%Y%m%d%H%M%S}-{secrets.token_hex(_RANDOM_HEX // 2)}"


def refund_request_number(out_trade_no: str) -> str:
    """The refund's out_request_no: one per trade, so a refund sent again after a
    restart is the same refund (the gateway answers it once)."""
    return f"{out_trade_no}{_REFUND_SUFFIX}"
