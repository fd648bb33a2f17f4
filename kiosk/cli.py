"""The ``kiosk`` command. Heavy imports (Qt, FastAPI) happen inside each handler so
that ``kiosk --help`` and the cold start stay fast."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.demo import JOURNEYS
from kiosk.paths import DEMO_SITE_CONFIG
from kvlog import setup_logging

if TYPE_CHECKING:
    from kiosk.bench.fleet.options import BenchOptions


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
        metrics_port=None if args.no_metrics else args.metrics_port,
        journey=args.journey,
    )
    return run_kiosk(options)


def _doctor(args: argparse.Namespace) -> int:
    from kiosk.ops.doctor import main_doctor

    return main_doctor(args.config, args.lang, args.data_dir, args.settle)


def _run(args: argparse.Namespace) -> int:
    from kiosk.app import LaunchOptions, run_kiosk
    from offline_cache.crypto import OutboxKeyError

    try:
        return run_kiosk(
            LaunchOptions(config_path=Path(args.config), demo=False, metrics_port=args.metrics_port)
        )
    except OutboxKeyError as exc:  # no key outside the data, or a damaged key file
        print(exc, file=sys.stderr)
        return 2


def _bench_fleet(args: argparse.Namespace) -> int:
    from kiosk.bench.fleet.bench import main as bench_fleet
    from kiosk.bench.fleet.options import BenchError

    try:
        return bench_fleet(_fleet_options(args))
    except BenchError as refused:
        print(f"kiosk bench fleet: {refused}", file=sys.stderr)
        return 2


def _fleet_options(args: argparse.Namespace) -> BenchOptions:
    from kiosk.bench.fleet.options import BenchOptions

    return BenchOptions(
        kiosks=args.kiosks,
        rounds=args.rounds,
        device_delay=args.device_delay,
        in_process=args.in_process,
        ramp_s=args.ramp,
        threads=args.threads,
        store=args.store,
        workers=args.workers,
        kill_worker_after_s=args.kill_worker_after,
    )


def _add_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``kiosk bench <what>``: benchmarks (fleet here; others add their own subcommand)."""
    bench = sub.add_parser("bench", help="benchmarks")
    bsub = bench.add_subparsers(dest="bench_command", required=True)
    fleet = bsub.add_parser(
        "fleet", help="N headless kiosks against the platform simulator on loopback"
    )
    fleet.add_argument("--kiosks", type=int, default=200)
    fleet.add_argument("--rounds", type=int, default=1, help="declare+collect rounds per kiosk")
    fleet.add_argument(
        "--device-delay", type=float, default=0.005, help="each simulated device's delay (s)"
    )
    fleet.add_argument(
        "--ramp",
        "--ramp-s",
        type=float,
        default=20.0,
        help="seconds over which the kiosks start (0: at once)",
    )
    fleet.add_argument(
        "--in-process", action="store_true", help="run the simulator in this process (sqlite)"
    )
    fleet.add_argument(
        "--store",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="the platform's store: a SQLite file, or a throwaway PostgreSQL cluster",
    )
    fleet.add_argument("--workers", type=int, default=1, help="the platform's worker processes")
    fleet.add_argument("--threads", type=int, default=64, help="threads driving the kiosks")
    fleet.add_argument(
        "--kill-worker-after",
        type=float,
        default=None,
        metavar="S",
        help="SIGKILL one platform worker S seconds into the run (needs --workers 2+)",
    )
    fleet.set_defaults(func=_bench_fleet)
    vision = bsub.add_parser(
        "vision", help="OCR per page vs raw, face check per frame, preview rate, RSS"
    )
    vision.set_defaults(func=_bench_vision)
    gui = bsub.add_parser(
        "gui",
        help="the demo declaration through the real window and vision pipeline: GUI stalls",
    )
    gui.add_argument("--config", type=Path, default=None, help="site config (default: the demo)")
    gui.set_defaults(func=_bench_gui)
    start = bsub.add_parser(
        "start", help="process start to READY=1 and to the attract screen's first paint"
    )
    start.add_argument("--runs", type=int, default=5, help="cold starts per site")
    start.add_argument(
        "--site",
        choices=["demo", "remote", "both"],
        default="both",
        help="the demo (embedded platform), a site with a remote platform, or both",
    )
    start.set_defaults(func=_bench_start)
    intake = bsub.add_parser(
        "intake", help="20 MB adversarial PDFs checked as a USB file is: the 2 s bar"
    )
    intake.set_defaults(func=_bench_intake)


def _platform_serve(args: argparse.Namespace) -> int:
    from platform_sim.server import ServerTls, serve

    tls = None
    if args.tls_cert or args.tls_key:
        if not (args.tls_cert and args.tls_key):
            print("--tls-cert and --tls-key go together", file=sys.stderr)
            return 2
        tls = ServerTls(args.tls_cert, args.tls_key, client_ca=args.client_ca)
    elif args.client_ca:
        print("--client-ca needs --tls-cert and --tls-key", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("--workers is at least 1", file=sys.stderr)
        return 2
    if args.workers > 1 and args.faults:
        print("--faults needs one worker: its switch lives in one process", file=sys.stderr)
        return 2
    serve(
        *(args.host, args.port, args.db, tls),
        faults=args.faults,
        workers=args.workers,
        gateway_public_key=args.gateway_public_key,
    )
    return 0


def _platform_dev_certs(args: argparse.Namespace) -> int:
    from platform_sim.dev_pki import make_dev_pki

    pki = make_dev_pki(args.dir, args.terminal)
    print(
        f"CA:              {pki.ca_cert}\n"
        f"simulator:       --tls-cert {pki.server_cert} --tls-key {pki.server_key}"
        f" --client-ca {pki.ca_cert}\n"
        f'site config:     [platform.tls] client_cert = "{pki.client_cert}"'
        f' client_key = "{pki.client_key}" ca = "{pki.ca_cert}"'
    )
    return 0


def _gateway_serve(args: argparse.Namespace) -> int:
    from payment_gateway_sim.embedded import serve

    serve(args.host, args.port, args.data_dir)
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


def _ocr(args: argparse.Namespace) -> int:
    os.environ.setdefault("KIOSK_VISION_IN_PROCESS", "1")  # one-shot: no helper process
    from vision.tool import ocr_command

    code, out = ocr_command(args.image, as_json=args.json, doc_types=args.doc_type or ())
    print(out, file=sys.stdout if code == 0 else sys.stderr)
    return code


def _face_verify(args: argparse.Namespace) -> int:
    os.environ.setdefault("KIOSK_VISION_IN_PROCESS", "1")  # one-shot: no helper process
    from vision.face import DEFAULT_THRESHOLD
    from vision.tool import face_verify_command

    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    code, out = face_verify_command(
        args.reference, args.probe, as_json=args.json, threshold=threshold
    )
    print(out, file=sys.stdout if code == 0 else sys.stderr)
    return code


def _bench_gui(args: argparse.Namespace) -> int:
    from kiosk.bench.gui import main as bench_gui

    return bench_gui(args.config)


def _bench_intake(_args: argparse.Namespace) -> int:
    from kiosk.bench.intake import main as bench_main

    return bench_main()


def _bench_start(args: argparse.Namespace) -> int:
    from kiosk.bench.start import main as bench_start

    sites = ("demo", "remote") if args.site == "both" else (args.site,)
    return bench_start(args.runs, sites)


def _bench_vision(_args: argparse.Namespace) -> int:
    from kiosk.bench.vision import main as bench_main

    return bench_main()


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
    demo.add_argument(
        "--metrics-port",
        type=int,
        default=9464,
        help="serve /metrics and /health on 127.0.0.1:PORT (0: any free port)",
    )
    demo.add_argument("--no-metrics", action="store_true", help="no metrics endpoint")
    demo.add_argument(
        "--journey",
        choices=JOURNEYS,
        help="with --tour: one journey, each screen in zh and en (default: the standard tour)",
    )
    demo.set_defaults(func=_demo)

    doctor = sub.add_parser(
        "doctor", help="check devices, platform, outbox and disk; a next step for each failure"
    )
    doctor.add_argument("--config", default=str(DEMO_SITE_CONFIG), help="site config (TOML)")
    doctor.add_argument("--lang", choices=["zh", "en"], default="en")
    doctor.add_argument("--data-dir", help="the site's data dir (default: from the config)")
    doctor.add_argument(
        "--settle", type=float, default=2.0, help="seconds to let devices answer first"
    )
    doctor.set_defaults(func=_doctor)

    run = sub.add_parser("run", help="run the kiosk with a site's real configuration")
    run.add_argument("--config", required=True)
    run.add_argument(
        "--metrics-port", type=int, default=None, help="serve /metrics and /health on loopback"
    )
    run.set_defaults(func=_run)

    platform = sub.add_parser("platform", help="the central-platform simulator")
    psub = platform.add_subparsers(dest="platform_command", required=True)
    serve = psub.add_parser("serve", help="serve the platform simulator over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument(
        "--db",
        default="platform.sqlite3",
        help="the store: a SQLite file (default) or a postgresql://user@host:port/db URL",
    )
    serve.add_argument("--tls-cert", type=Path, default=None, help="server certificate (PEM)")
    serve.add_argument("--tls-key", type=Path, default=None, help="its private key (PEM)")
    serve.add_argument(
        "--client-ca",
        type=Path,
        default=None,
        help="require each terminal's certificate to be signed by this CA (mutual TLS)",
    )
    serve.add_argument(
        "--faults",
        action="store_true",
        help="serve the fault-injection switch (/api/v1/backoffice/faults): tests only",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (uvicorn's); more than one wants a PostgreSQL --db",
    )
    serve.add_argument(
        "--gateway-public-key",
        type=Path,
        default=None,
        help="the payment gateway's public key (PEM): its notifies are verified with it",
    )
    serve.set_defaults(func=_platform_serve)
    certs = psub.add_parser(
        "dev-certs",
        help="make a throwaway CA, simulator and terminal certificates for trying mTLS",
    )
    certs.add_argument("dir", type=Path)
    certs.add_argument("--terminal", default="BJTZ-0001", help="the terminal id (certificate CN)")
    certs.set_defaults(func=_platform_dev_certs)

    gateway = sub.add_parser("gateway", help="the payment-gateway simulator (Alipay OpenAPI)")
    gsub = gateway.add_subparsers(dest="gateway_command", required=True)
    gserve = gsub.add_parser(
        "serve", help="serve it over HTTP; its keys are made at first start and printed"
    )
    gserve.add_argument("--host", default="127.0.0.1")
    gserve.add_argument("--port", type=int, default=8766)
    gserve.add_argument(
        "--data-dir", type=Path, default=Path("gateway-data"), help="its keys and its store"
    )
    gserve.set_defaults(func=_gateway_serve)

    config = sub.add_parser("config", help="site configuration")
    csub = config.add_subparsers(dest="config_command", required=True)
    check = csub.add_parser("check", help="validate a site config file")
    check.add_argument("path")
    check.set_defaults(func=_config_check)

    ocr = sub.add_parser("ocr", help="read a document photo: doc type, fields and text lines")
    ocr.add_argument("image")
    ocr.add_argument("--json", action="store_true", help="print JSON")
    ocr.add_argument(
        "--doc-type", action="append", help="a doc type the matter expects (repeatable)"
    )
    ocr.set_defaults(func=_ocr)

    face = sub.add_parser("face", help="face verification")
    fsub = face.add_subparsers(dest="face_command", required=True)
    verify = fsub.add_parser("verify", help="1:1 check of two photos")
    verify.add_argument("--reference", required=True)
    verify.add_argument("--probe", required=True)
    verify.add_argument("--threshold", type=float, default=None)
    verify.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(func=_face_verify)

    from devices.registry import command_hooks  # light: the handlers load their parts

    for add_device_commands in command_hooks():  # kiosk idcard, locker, printer, staffcard
        add_device_commands(sub)

    from kiosk.ops.outbox_args import add_outbox_commands  # light: handlers load lazily

    add_outbox_commands(sub)
    from kiosk.ops.payments_command import add_payments_commands  # handlers load lazily

    add_payments_commands(sub)  # kiosk payments list | recover | reconcile (issue 23)
    _add_bench(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging(args.log_level)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
