"""``kiosk idcard read``: read one card through the real adapter and print it as JSON.

Prints one JSON object and returns 0, or prints one plain sentence naming the
problem on stderr and returns 1. Never a traceback. The JSON is the card's
personal data, for a technician at the machine; nothing of it is logged.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TextIO

import serial

from device_contracts import CardType, IdentityCard
from devices.idcard.adapter import Ga467Reader, Ga467Settings
from devices.idcard.text import LONG_TERM
from devices.idcard.wlt import WltDecoder, WltLibraryError

log = logging.getLogger(__name__)

GENDER_ZH: Mapping[str, str] = {"male": "男", "female": "女"}


def card_json(card: IdentityCard) -> dict[str, object]:
    out: dict[str, object] = {
        "card_type": card.card_type.value,
        "name": card.name,
        "gender": GENDER_ZH.get(card.gender, card.gender),
    }
    if card.card_type is CardType.RESIDENT:
        out["nation"] = card.nation
    out |= {
        "birth_date": card.birth_date.isoformat(),
        "address": card.address,
        "id_number": card.id_number,
        "issuer": card.issuer,
        "valid_from": card.valid_from.isoformat(),
        "valid_to": card.valid_to.isoformat() if card.valid_to else LONG_TERM,
        "photo_available": card.photo is not None,
    }
    if card.card_type is CardType.FOREIGN:
        out["name_en"] = card.name_en
        out["nationality"] = card.nation
    return out


def read_once(
    port: str,
    *,
    baud: int = 115200,
    timeout: float = 5.0,
    wlt_library: str | None = None,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    try:
        return _read_once(port, baud, timeout, wlt_library, out, err)
    except Exception as exc:  # the promise is a sentence, never a traceback
        log.debug("idcard read crashed", exc_info=True)
        print(f"Reading the ID card failed unexpectedly ({type(exc).__name__}).", file=err)
        return 1


def _read_once(
    port: str, baud: int, timeout: float, wlt_library: str | None, out: TextIO, err: TextIO
) -> int:
    try:
        serial.serial_for_url(port, baudrate=baud, timeout=0).close()
    except (serial.SerialException, OSError, ValueError) as exc:
        code = getattr(exc, "errno", None)
        reason = os.strerror(code) if isinstance(code, int) else type(exc).__name__
        print(f"Cannot open the serial port {port}: {reason}.", file=err)
        return 1
    decoder = None
    if wlt_library:
        try:
            decoder = WltDecoder(Path(wlt_library))
        except WltLibraryError as exc:
            print(f"Cannot use the photo decoder: {exc}.", file=err)
            return 1
    settings = Ga467Settings(port=port, baud=baud, timeout_s=min(2.0, max(timeout, 0.5)))
    reader = Ga467Reader(settings, wlt=decoder)
    reader.open()
    try:
        completion = reader.read_card(timeout).result()
    finally:
        reader.close()
    if completion.ok and completion.value is not None:
        print(json.dumps(card_json(completion.value), ensure_ascii=False), file=out)
        return 0
    sentence = completion.text.en.rstrip(".")
    print(f"{sentence} ({completion.code.value}).", file=err)
    return 1
