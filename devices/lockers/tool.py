"""The technician's locker commands (``kiosk locker open|status``), without the app.

Each returns ``(exit_code, stdout_line, stderr_line)``: JSON on stdout when a
board answered, one plain sentence on stderr when it did not.
"""

from __future__ import annotations

import json

from devices.lockers.doors import Cancelled, DoorResult, DoorTiming, unlock_and_confirm
from devices.lockers.link import (
    BoardLink,
    BoardNotAnswering,
    LinkSettings,
    LockerLinkError,
    SensorPolarity,
)
from devices.lockers.modbus_link import ModbusLink
from devices.lockers.rs485_bus import Rs485Bus

EXIT_OK = 0
EXIT_JAMMED = 1
EXIT_NO_ANSWER = 3

ToolResult = tuple[int, str, str]


def connect(
    port: str, *, protocol: str, baudrate: int, timeout_s: float, retries: int, polarity: str
) -> BoardLink:
    settings = LinkSettings(timeout_s, retries, polarity=SensorPolarity(polarity))
    if protocol == "modbus":
        url = port if "://" in port else f"serial://{port}?baudrate={baudrate}"
        return ModbusLink.from_url(url, settings)
    return Rs485Bus(port, settings, baudrate=baudrate)


def _no_answer(port: str, board: int) -> ToolResult:
    return (
        EXIT_NO_ANSWER,
        "",
        f"Board {board} on {port} did not answer; check its address, wiring and power.",
    )


def open_channel(
    link: BoardLink, port: str, board: int, channel: int, timing: DoorTiming
) -> ToolResult:
    try:
        result = unlock_and_confirm(link, board, channel, timing, wait=_sleep)
    except BoardNotAnswering:
        return _no_answer(port, board)
    except Cancelled:  # pragma: no cover - _sleep never cancels
        return 130, "", "Cancelled."
    line = json.dumps({"board": board, "channel": channel, "result": result.value})
    return (EXIT_JAMMED if result is DoorResult.JAMMED else EXIT_OK), line, ""


def board_status(link: BoardLink, port: str, board: int) -> ToolResult:
    try:
        open_now = link.open_doors(board)
    except BoardNotAnswering:
        return _no_answer(port, board)
    return EXIT_OK, json.dumps({"board": board, "open": sorted(open_now)}), ""


def cannot_open_port(port: str, exc: LockerLinkError) -> ToolResult:
    return EXIT_NO_ANSWER, "", f"Cannot open {port}: {exc}."


def _sleep(seconds: float) -> bool:
    import threading

    threading.Event().wait(seconds)
    return False
