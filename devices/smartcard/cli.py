"""``kiosk staffcard read``: read one staff card on a PC/SC reader and print its record."""

from __future__ import annotations

import argparse
import logging


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    staffcard = sub.add_parser("staffcard", help="the staff card reader (PC/SC)")
    ssub = staffcard.add_subparsers(dest="staffcard_command", required=True)
    sread = ssub.add_parser("read", help="read one staff card and print its record")
    sread.add_argument("--reader", default="", help="part of the PC/SC reader name")
    sread.add_argument("--aid", help="the staff-card application AID (hex)")
    sread.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for a card")
    sread.add_argument("--json", action="store_true", help="print one JSON object")
    sread.add_argument(
        "--allow-virtual", action="store_true", help="accept vpcd's Virtual PCD (tests only)"
    )
    sread.set_defaults(func=_read)


def _read(args: argparse.Namespace) -> int:
    from devices.smartcard.read_command import read_once

    if args.log_level == "INFO":  # the default: stderr carries only the one-sentence error
        logging.getLogger().setLevel(logging.ERROR)
    return read_once(
        reader=args.reader,
        aid=args.aid,
        timeout=args.timeout,
        as_json=args.json,
        allow_virtual_reader=args.allow_virtual,
    )
