"""An amount of money as the screens say it: whole fen (分) in, yuan with two decimals
out ("86.50 元", "¥86.50"); the flows and the gateway never hold a float."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ui.widgets.tr import K


def yuan(amount_fen: int) -> str:
    """``8650`` -> ``"86.50"``."""
    return f"{amount_fen // 100}.{amount_fen % 100:02d}"


def amount_source(amount_fen: int) -> Callable[[str], str]:
    """The amount in the current language (a :data:`~kiosk.ui.widgets.tr.Source`)."""
    return K("pay.amount", yuan=yuan(amount_fen))
