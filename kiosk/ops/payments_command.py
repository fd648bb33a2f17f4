"""``kiosk payments list | recover | reconcile``: the technician's view of the kiosk's
trades, from the site config and its data directory.

* ``list``: the last trades (numbers, purpose, amount, method, state, times: no
  reference, nothing of the payer);
* ``recover``: one recovery pass now (``payments/recovery.py``) over the trades left
  unsettled; trades changed in the last 15 minutes are left to the running kiosk's
  journeys unless ``--all`` says the kiosk is stopped; exit 1 while any is left;
* ``reconcile --date D``: the gateway's bill of day D against the ledger
  (``payments/reconcile.py``), a table of every mismatch; exit 1 on any.

Exit 2: the config or the data cannot be used (no gateway named, a damaged key, the
gateway not answering).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.paths import DEMO_SITE_CONFIG

if TYPE_CHECKING:  # the handlers load these when run: the CLI's start stays light
    from kiosk.site_config import SiteConfig
    from payments.gateway_bill import BillRow
    from payments.gateway_client import AlipayGateway
    from payments.trade_ledger import SqliteTradeLedger

#: the ``--all``-less recover leaves trades younger than this to the running kiosk
HOLD_MINUTES = 15


def add_payments_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    payments = sub.add_parser("payments", help="the kiosk's trades (issue 23)")
    psub = payments.add_subparsers(dest="payments_command", required=True)
    listing = psub.add_parser("list", help="the last trades and their states")
    listing.add_argument("--limit", type=int, default=20, help="how many (default 20)")
    recover = psub.add_parser("recover", help="bring the unsettled trades to an end now")
    recover.add_argument(
        "--all",
        action="store_true",
        help=f"the kiosk is stopped: take trades changed in the last {HOLD_MINUTES} min too",
    )
    reconcile = psub.add_parser("reconcile", help="the gateway's daily bill against the ledger")
    reconcile.add_argument("--date", required=True, type=date.fromisoformat, help="YYYY-MM-DD")
    for p, func in ((listing, _list), (recover, _recover), (reconcile, _reconcile)):
        p.add_argument("--config", default=str(DEMO_SITE_CONFIG), help="site config (TOML)")
        p.add_argument("--data-dir", help="the kiosk's data dir (default: [data] dir)")
        p.add_argument("--json", action="store_true", help="print one JSON document")
        p.set_defaults(func=func)


class _Unusable(Exception):
    """The command cannot run as configured: the message says why (exit 2)."""


def _list(args: argparse.Namespace) -> int:
    return _guarded(args, _run_list)


def _recover(args: argparse.Namespace) -> int:
    return _guarded(args, _run_recover)


def _reconcile(args: argparse.Namespace) -> int:
    return _guarded(args, _run_reconcile)


def _guarded(args: argparse.Namespace, run: Callable[[argparse.Namespace], int]) -> int:
    from flows.payment_ports import GatewayUnreachable
    from kiosk.site_config import SiteConfigError
    from offline_cache.crypto import OutboxKeyError

    try:
        return run(args)
    except (_Unusable, SiteConfigError, OutboxKeyError, GatewayUnreachable) as exc:
        print(exc, file=sys.stderr)
        return 2


def _run_list(args: argparse.Namespace) -> int:
    from payments.gateway_answers import yuan

    config, data_dir = _config(args)
    ledger = _ledger(config, data_dir)
    try:
        trades = ledger.recent(args.limit)
    finally:
        ledger.close()
    rows = [
        {
            "out_trade_no": t.out_trade_no,
            "purpose": t.purpose.value,
            "amount": yuan(t.amount_fen),
            "method": t.method.value,
            "state": t.state.value,
            "trade_no": t.trade_no or "",
            "updated_at": t.updated_at,
        }
        for t in trades
    ]
    if args.json:
        print(json.dumps({"trades": rows}, ensure_ascii=False))
    else:
        print(_table([list(rows[0]) if rows else []] + [list(r.values()) for r in rows]))
    return 0


def _run_recover(args: argparse.Namespace) -> int:
    from datetime import timedelta

    from offline_cache.client import PlatformClient
    from offline_cache.outbox import Outbox
    from offline_cache.utility_bills import PlatformUtilityBiller
    from payments.case_standing import case_standing
    from payments.gateway_answers import yuan
    from payments.recovery import TradeRecovery
    from payments.trade_ledger import utc_now

    config, data_dir = _config(args)
    if not config.platform.url:
        raise _Unusable("no platform URL: the site config uses the embedded simulator")
    gateway = _gateway(config)
    ledger = _ledger(config, data_dir)
    # recover=False: the running kiosk's forwarder keeps its rows; only read here
    outbox = Outbox.open(
        data_dir / "outbox", config.terminal.id, recover=False, key_file=config.data.outbox_key_file
    )
    client = PlatformClient(
        config.platform.url,
        config.platform.token.get_secret_value(),
        config.platform.timeout_s,
        retries=0,
        tls=config.platform.client_tls(),
    )
    try:
        recovery = TradeRecovery(
            ledger, gateway, PlatformUtilityBiller(client), lambda key: case_standing(outbox, key)
        )
        before = None if args.all else utc_now() - timedelta(minutes=HOLD_MINUTES)
        report = recovery.run(changed_before=before)
    finally:
        client.close()
        outbox.close()
        ledger.close()
    steps = [
        {
            "out_trade_no": s.out_trade_no,
            "purpose": s.purpose.value,
            "amount": yuan(s.amount_fen),
            "from": s.before.value,
            "to": s.after.value,
            "note": s.note,
        }
        for s in report.steps
    ]
    if args.json:
        print(json.dumps({"steps": steps, "held_for_journeys": report.skipped_young}))
    else:
        print(
            _table(
                [["OUT_TRADE_NO", "PURPOSE", "AMOUNT", "FROM", "TO", "NOTE"]]
                + [list(s.values()) for s in steps]
            )
        )
        print(
            f"\n{report.settled} settled, {len(report.left)} left, "
            f"{report.skipped_young} held for journeys under way"
        )
    return 1 if report.left else 0


def _run_reconcile(args: argparse.Namespace) -> int:
    from kiosk.site_time import apply_timezone
    from payments.gateway_bill import fetch_bill
    from payments.reconcile import reconcile

    config, data_dir = _config(args)
    # the bill's days are the gateway's (Beijing time, as the site's clock)
    apply_timezone(config.terminal.timezone)
    tz = datetime.now().astimezone().tzinfo
    assert tz is not None
    gateway = _gateway(config)

    def bill(day: date) -> list[BillRow] | None:
        return fetch_bill(gateway.bill_url(day.isoformat()))

    ledger = _ledger(config, data_dir)
    try:
        report = reconcile(ledger, bill, args.date, tz)
    finally:
        ledger.close()
    found = [
        {
            "kind": m.kind.value,
            "out_trade_no": m.out_trade_no,
            "ledger": m.ledger,
            "gateway": m.gateway,
        }
        for m in report.mismatches
    ]
    if args.json:
        print(
            json.dumps(
                {
                    "date": args.date.isoformat(),
                    "bill_rows": report.bill_rows,
                    "ledger_trades": report.ledger_trades,
                    "mismatches": found,
                },
                ensure_ascii=False,
            )
        )
    else:
        print(
            f"reconciliation {args.date}: {report.bill_rows} bill rows, "
            f"{report.ledger_trades} trades opened in the ledger, "
            f"{len(found)} mismatches"
        )
        if found:
            print(
                _table(
                    [["MISMATCH", "OUT_TRADE_NO", "LEDGER", "GATEWAY"]]
                    + [list(m.values()) for m in found]
                )
            )
    return 0 if report.ok else 1


# --------------------------------------------------------------------------- helpers


def _config(args: argparse.Namespace) -> tuple[SiteConfig, Path]:
    from kiosk.site_config import load_site_config

    config = load_site_config(Path(args.config))
    data_dir = Path(args.data_dir) if args.data_dir else config.data.dir
    return config, data_dir.expanduser()


def _ledger(config: SiteConfig, data_dir: Path) -> SqliteTradeLedger:
    from payments.trade_ledger import DB_FILE, SqliteTradeLedger

    if not (data_dir / "outbox" / DB_FILE).exists():
        raise _Unusable(f"no trade ledger in {data_dir / 'outbox'}")
    return SqliteTradeLedger.open(
        data_dir / "outbox", config.terminal.id, key_file=config.data.outbox_key_file
    )


def _gateway(config: SiteConfig) -> AlipayGateway:
    from kiosk.payments_wiring import gateway_settings
    from payments.gateway_client import AlipayGateway

    section = config.payments
    if section is None:
        raise _Unusable("the site config has no [payments] section")
    if section.embedded_simulator:
        raise _Unusable(
            "[payments] names no gateway_url (the demo's embedded gateway lives in the "
            "kiosk's process): give a config that names the gateway and its keys"
        )
    return AlipayGateway(gateway_settings(section, config.platform.url, None))


def _table(rows: Sequence[Sequence[str]]) -> str:
    if not rows or not rows[0]:
        return "(none)"
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(f"{cell!s:<{w}}" for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in rows
    )
