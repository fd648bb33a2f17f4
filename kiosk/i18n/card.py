"""Strings of the ID card given back (flows/card_return.py): the prompt strip and its
voice prompt; the header's speaker (mute) mark. Merged into ``kiosk.i18n.STRINGS``."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text
from flows.card_return import TAKE_CARD

CARD_STRINGS: Mapping[str, Text] = {
    "card.take": TAKE_CARD,
    "card.take_hint": Text(
        "身份证还在读卡器上，取走后即可继续",
        "Your ID card is still on the reader; take it to go on",
    ),
    # the header's speaker mark: tapping it mutes the voice prompts for the session
    "header.voice_on": Text("语音", "Voice"),
    "header.voice_off": Text("已静音", "Muted"),
    # said when the prompt appears, and again when "finish" is tapped with the card there
    "voice.take_card": Text("请取回您的身份证", "Please take your ID card from the reader"),
}
