"""``kiosk idcard read``: read one card on a GA 467 reader and print it as JSON."""

from __future__ import annotations

import argparse
import logging


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    idcard = sub.add_parser("idcard", help="the ID card reader (GA 467 SAM)")
    isub = idcard.add_subparsers(dest="idcard_command", required=True)
    read = isub.add_parser("read", help="read one card and print it as JSON")
    read.add_argument("--port", required=True, help="serial port or pyserial URL")
    read.add_argument("--baud", type=int, default=115200)
    read.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for a card")
    read.add_argument("--wlt-library", help="vendor WLT decoder (.so) to decode the photo")
    read.add_argument("--json", action="store_true", help="print JSON (the only format)")
    read.set_defaults(func=_read)


def _read(args: argparse.Namespace) -> int:
    from devices.idcard.read_command import read_once

    if args.log_level == "INFO":  # the default: stderr carries only the one-sentence error
        logging.getLogger().setLevel(logging.ERROR)
    return read_once(args.port, baud=args.baud, timeout=args.timeout, wlt_library=args.wlt_library)
