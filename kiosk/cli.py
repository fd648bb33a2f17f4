"""The ``kiosk`` command. Heavy imports (Qt, FastAPI) happen inside each handler so
that ``kiosk --help`` and the cold start stay fast."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk.logging_setup import setup_logging
from kiosk.paths import DEMO_SITE_CONFIG


def _demo(args: argparse.Namespace) -> int:
    from kiosk.app import LaunchOptions, run_kiosk

    options = LaunchOptions(
        config_path=Path(args.config),
        demo=True,
        lang=args.lang,
        large_text=args.large_text,
        tour_dir=Path(args.tour) if args.tour else None,
        data_dir=Path(args.data_dir) if args.data_dir else None,
        windowed=args.windowed,
    )
    return run_kiosk(options)


def _run(args: argparse.Namespace) -> int:
    from kiosk.app import LaunchOptions, run_kiosk

    return run_kiosk(LaunchOptions(config_path=Path(args.config), demo=False))


def _platform_serve(args: argparse.Namespace) -> int:
    from kiosk.platform_sim.server import serve

    serve(args.host, args.port, Path(args.db))
    return 0


def _config_check(args: argparse.Namespace) -> int:
    from kiosk.site_config import SiteConfigError, load_site_config

    try:
        config = load_site_config(Path(args.path))
    except SiteConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{args.path}: OK (terminal {config.terminal.id})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kiosk", description="24-hour government self-service kiosk (24小时自助服务区)"
    )
    parser.add_argument("--log-level", default="INFO")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser(
        "demo", help="simulated devices + embedded platform simulator + the full-screen UI"
    )
    demo.add_argument("--config", default=str(DEMO_SITE_CONFIG), help="site config (TOML)")
    demo.add_argument("--tour", metavar="DIR", help="drive a scripted tour, save a PNG per screen")
    demo.add_argument("--lang", choices=["zh", "en"], default=None)
    demo.add_argument("--large-text", action="store_true", help="large-text mode (适老化)")
    demo.add_argument("--data-dir", help="where the outbox and ledger live (default: a temp dir)")
    demo.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    demo.set_defaults(func=_demo)

    run = sub.add_parser("run", help="run the kiosk with a site's real configuration")
    run.add_argument("--config", required=True)
    run.set_defaults(func=_run)

    platform = sub.add_parser("platform", help="the central-platform simulator")
    psub = platform.add_subparsers(dest="platform_command", required=True)
    serve = psub.add_parser("serve", help="serve the platform simulator over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--db", default="platform.sqlite3")
    serve.set_defaults(func=_platform_serve)

    config = sub.add_parser("config", help="site configuration")
    csub = config.add_subparsers(dest="config_command", required=True)
    check = csub.add_parser("check", help="validate a site config file")
    check.add_argument("path")
    check.set_defaults(func=_config_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
