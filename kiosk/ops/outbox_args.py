"""The ``kiosk outbox`` subcommands' arguments. Kept light: the handlers in
:mod:`kiosk.ops.outbox_command` (pydantic, requests, cryptography) load only when run."""

from __future__ import annotations

import argparse

from kiosk.paths import DEMO_SITE_CONFIG


def _status(args: argparse.Namespace) -> int:
    from kiosk.ops.outbox_command import outbox_status

    return outbox_status(args)


def _flush(args: argparse.Namespace) -> int:
    from kiosk.ops.outbox_command import outbox_flush

    return outbox_flush(args)


def add_outbox_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    outbox = sub.add_parser("outbox", help="the offline queue (store-and-forward outbox)")
    osub = outbox.add_subparsers(dest="outbox_command", required=True)
    for name, text, func in (
        ("status", "counts per state and the oldest waiting item's age", _status),
        ("flush", "send what is queued now, ignoring the backoff", _flush),
    ):
        p = osub.add_parser(name, help=text)
        p.add_argument("--config", default=str(DEMO_SITE_CONFIG), help="site config (TOML)")
        p.add_argument("--data-dir", help="the kiosk's data dir (default: [data] dir)")
        p.add_argument("--json", action="store_true", help="print one JSON document")
        if name == "flush":
            p.add_argument("--url", help="platform URL (default: [platform] url)")
        p.set_defaults(func=func)
