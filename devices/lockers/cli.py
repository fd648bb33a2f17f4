"""``kiosk locker open|status``: unlock one channel, or list a board's open doors (``tool.py``)."""

from __future__ import annotations

import argparse
import sys


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    locker = sub.add_parser("locker", help="lock-board tools (open a door, read door sensors)")
    lsub = locker.add_subparsers(dest="locker_command", required=True)
    for name, text in (
        ("open", "unlock one channel and confirm by its door sensor"),
        ("status", "list the open doors of one board"),
    ):
        lp = lsub.add_parser(name, help=text)
        lp.add_argument("--port", required=True, help="serial port (or tcp://host:port for modbus)")
        lp.add_argument("--board", type=int, required=True)
        if name == "open":
            lp.add_argument("--channel", type=int, required=True)
            lp.add_argument(
                "--jam-timeout", type=float, default=10.0, help="seconds for the door to open"
            )
            lp.add_argument("--poll", type=float, default=0.5, help="sensor polling interval (s)")
        lp.add_argument("--protocol", choices=["rs485", "modbus"], default="rs485")
        lp.add_argument("--baudrate", type=int, default=9600)
        lp.add_argument("--timeout", type=float, default=0.3, help="seconds per reply")
        lp.add_argument("--retries", type=int, default=2)
        lp.add_argument(
            "--polarity", choices=["high", "low"], default="high", help="sensor level meaning open"
        )
        lp.set_defaults(func=_locker)


def _locker(args: argparse.Namespace) -> int:
    from devices.lockers import tool
    from devices.lockers.doors import DoorTiming
    from devices.lockers.link import LockerLinkError

    try:
        link = tool.connect(
            args.port,
            protocol=args.protocol,
            baudrate=args.baudrate,
            timeout_s=args.timeout,
            retries=args.retries,
            polarity=args.polarity,
        )
    except LockerLinkError as exc:
        code, out, err = tool.cannot_open_port(args.port, exc)
    else:
        try:
            if args.locker_command == "open":
                timing = DoorTiming(jam_timeout_s=args.jam_timeout, poll_s=args.poll)
                code, out, err = tool.open_channel(
                    link, args.port, args.board, args.channel, timing
                )
            else:
                code, out, err = tool.board_status(link, args.port, args.board)
        finally:
            link.close()
    if out:
        print(out)
    if err:
        print(err, file=sys.stderr)
    return code
