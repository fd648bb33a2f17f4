"""``kiosk printer test``: print a test receipt on an ESC/POS printer (see ``tool.py``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    printer = sub.add_parser("printer", help="receipt printer tools")
    prsub = printer.add_subparsers(dest="printer_command", required=True)
    ptest = prsub.add_parser("test", help="print a test receipt (Chinese text, QR code, cut)")
    ptest.add_argument(
        "--url", required=True, help="tcp://host:9100, serial://..., usb://VID:PID, file://..."
    )
    ptest.add_argument("--timeout", type=float, default=3.0, help="seconds to wait for an answer")
    ptest.add_argument("--preview", metavar="PNG", help="also save what the receipt looks like")
    ptest.set_defaults(func=_test)


def _test(args: argparse.Namespace) -> int:
    from devices.printer.tool import printer_test

    code, sentence = printer_test(
        args.url, timeout_s=args.timeout, preview=Path(args.preview) if args.preview else None
    )
    print(sentence, file=sys.stderr if code else sys.stdout)
    return code
