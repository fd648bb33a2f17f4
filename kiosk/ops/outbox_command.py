"""``kiosk outbox status`` and ``kiosk outbox flush``: the technician's view of the
offline queue, from the site config's data directory. No Qt, no personal data:
only counts, ages and codes are printed."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from kiosk.site_config import SiteConfig, SiteConfigError, load_site_config
from offline_cache.client import PlatformClient
from offline_cache.crypto import OutboxKeyError, PayloadCipher
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import DB_FILE, Outbox, OutboxState, OutboxStatus

#: under the site's data dir, as KioskServices lays it out
OUTBOX_SUBDIR = "outbox"


def status_document(terminal_id: str, status: OutboxStatus) -> dict[str, Any]:
    doc: dict[str, Any] = {"terminal_id": terminal_id}
    for table in ("cases", "events"):
        doc[table] = {s.value: status.counts.get(f"{table}.{s.value}", 0) for s in OutboxState}
    doc["pending"] = status.pending
    # set aside: their payload cannot be opened (a flipped byte, another key)
    doc["damaged"] = status.damaged
    age = status.oldest_pending_age
    doc["oldest_pending_age_s"] = None if age is None else round(age, 1)
    return doc


def _load(args: argparse.Namespace) -> tuple[SiteConfig, Path] | None:
    try:
        config = load_site_config(Path(args.config))
    except SiteConfigError as exc:
        print(exc, file=sys.stderr)
        return None
    data_dir = Path(args.data_dir) if args.data_dir else config.data.dir
    return config, data_dir.expanduser() / OUTBOX_SUBDIR


def _print(doc: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(doc, ensure_ascii=False, sort_keys=True))
        return
    for key, value in doc.items():
        print(f"{key}: {value}")


def outbox_status(args: argparse.Namespace) -> int:
    loaded = _load(args)
    if loaded is None:
        return 2
    config, outbox_dir = loaded
    # status opens no payload, so it needs no access to the real key: a throwaway
    # one will do; recover=False leaves the running kiosk's sends alone
    outbox = Outbox(
        outbox_dir / DB_FILE,
        PayloadCipher(os.urandom(32)),
        config.terminal.id,
        recover=False,
    )
    try:
        doc = status_document(config.terminal.id, outbox.status())
    finally:
        outbox.close()
    _print(doc, args.json)
    return 0


def outbox_flush(args: argparse.Namespace) -> int:
    """One forwarding pass now; 0 when nothing is left, 1 when something still waits."""
    loaded = _load(args)
    if loaded is None:
        return 2
    config, outbox_dir = loaded
    url = args.url or config.platform.url
    if not url:
        print(
            "no platform URL: the site config uses the embedded simulator; pass --url",
            file=sys.stderr,
        )
        return 2
    try:
        outbox = Outbox.open(outbox_dir, config.terminal.id, key_file=config.data.outbox_key_file)
    except OutboxKeyError as exc:  # a damaged key file: say so, no traceback
        print(exc, file=sys.stderr)
        return 2
    client = PlatformClient(
        url,
        config.platform.token.get_secret_value(),
        config.platform.timeout_s,
        retries=0,
        tls=config.platform.client_tls(),
    )
    try:
        before = status_document(config.terminal.id, outbox.status())
        result = Forwarder(outbox, client, send_timeout=config.platform.timeout_s).drain()
        after = status_document(config.terminal.id, outbox.status())
    finally:
        client.close()
        outbox.close()
    doc = {
        "before": before,
        "after": after,
        "delivered": result.delivered,
        "rejected": result.rejected,
        "platform_unavailable": result.unavailable,
    }
    _print(doc, args.json)
    return 0 if after["pending"] == 0 else 1
