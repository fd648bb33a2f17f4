"""``kiosk staffcard read``: read one staff card through the real PC/SC adapter.

Prints the staff record (``--json``: one JSON object) and returns 0, or prints
one plain sentence naming the problem on stderr and returns 1. Never a
traceback. The output is for a technician at the machine; nothing of the
record is logged.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from typing import TextIO

from device_contracts import DeviceState

log = logging.getLogger(__name__)

ROLE_ZH = {"clerk": "窗口人员", "technician": "技术人员"}


def read_once(
    *,
    reader: str = "",
    aid: str | None = None,
    timeout: float = 10.0,
    as_json: bool = False,
    allow_virtual_reader: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    try:
        return _read_once(reader, aid, timeout, as_json, allow_virtual_reader, out, err)
    except Exception as exc:  # the promise is a sentence, never a traceback
        log.debug("staff card read crashed", exc_info=True)
        print(f"Reading the staff card failed unexpectedly ({type(exc).__name__}).", file=err)
        return 1


def _read_once(
    reader: str,
    aid: str | None,
    timeout: float,
    as_json: bool,
    allow_virtual_reader: bool,
    out: TextIO,
    err: TextIO,
) -> int:
    try:
        from devices.smartcard.adapter import DEFAULT_AID, PcscSettings, PcscStaffCardReader
        from devices.smartcard.apdu import parse_aid
    except ImportError as exc:  # pyscard missing or libpcsclite not loadable
        print(f"The PC/SC library cannot be loaded ({exc}).", file=err)
        return 1
    try:
        aid_bytes = parse_aid(aid) if aid else DEFAULT_AID
    except ValueError as exc:
        print(f"The AID {exc}.", file=err)
        return 1
    device = PcscStaffCardReader(
        PcscSettings(reader=reader, aid=aid_bytes, allow_virtual_reader=allow_virtual_reader)
    )
    device.open()
    try:
        # give the monitor a moment to find pcscd and the reader before judging
        deadline = time.monotonic() + min(2.0, max(timeout, 0.5))
        while device.status().state is not DeviceState.ONLINE and time.monotonic() < deadline:
            time.sleep(0.05)
        status = device.status()
        if status.state is not DeviceState.ONLINE:
            text = status.message.en if status.message else "The staff card reader is not ready"
            print(_sentence(text, reader), file=err)
            return 1
        if not device.card_present:
            print("Waiting for a staff card...", file=err)
        c = device.read_staff_record(timeout).result(timeout + 10)
    finally:
        device.close()
    if not c.ok or c.value is None:
        print(_sentence(c.text.en, reader), file=err)
        return 1
    record = c.value
    if as_json:
        print(json.dumps(record.as_json(), ensure_ascii=False), file=out)
    else:
        until = record.valid_until.isoformat() if record.valid_until else "no end date"
        print(
            f"Staff {record.staff_id} ({record.role} / {ROLE_ZH[record.role]}), "
            f"name {record.name or '-'}, card {record.card_number}, valid until {until}.",
            file=out,
        )
    return 0


def _sentence(text: str, reader: str) -> str:
    text = text.rstrip(".")
    where = f" (reader matching {reader!r})" if reader else ""
    return f"{text}{where}."
