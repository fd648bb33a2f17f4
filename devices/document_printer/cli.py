"""``kiosk a4printer status|print``: the A4 printer's CUPS queue, as the kiosk sees it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

_URL_HELP = "the queue, ipp://HOST:PORT/printers/QUEUE"


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a4 = sub.add_parser("a4printer", help="the A4 document printer (CUPS)")
    asub = a4.add_subparsers(dest="a4printer_command", required=True)
    status = asub.add_parser("status", help="the queue's state and what it means for a job")
    status.add_argument("--url", required=True, help=_URL_HELP)
    status.set_defaults(func=_status)
    pprint = asub.add_parser("print", help="print a PDF and wait until the job is done")
    pprint.add_argument("--url", required=True, help=_URL_HELP)
    pprint.add_argument("pdf", type=Path, help="the PDF file")
    pprint.add_argument("--timeout", type=float, default=60.0, help="seconds for the job")
    pprint.set_defaults(func=_print)


def _status(args: argparse.Namespace) -> int:
    from devices.document_printer.tool import queue_status

    code, sentence = queue_status(args.url)
    print(sentence, file=sys.stderr if code else sys.stdout)
    return code


def _print(args: argparse.Namespace) -> int:
    from devices.document_printer.tool import print_file

    code, sentence = print_file(args.url, args.pdf, args.timeout)
    print(sentence, file=sys.stderr if code else sys.stdout)
    return code
