"""``kiosk bench fleet``: N headless kiosks against one platform simulator on loopback.

Each kiosk is what ``KioskServices`` builds minus Qt: simulated devices with tiny
delays, its own encrypted outbox, ledger and catalogue cache in a temp dir, the
real ``KioskPlatform`` (HTTP client + outbox + forwarder), and the real
``DeclarationFlow`` and ``CollectionFlow`` on a ``ManualLoop`` drained by the
kiosk's own thread. Each kiosk registers with the enrolment token, heartbeats
(receiving a config the back office pushed), declares cases and, after the back
office approved them and a clerk loaded the certificates, collects them again
with the pickup code the platform texted.

Latency is what the kiosk sees for every platform call (store in the outbox +
HTTP round trip + the platform's work), measured around the Platform port the
flows call. At the end every kiosk's outbox is drained and the platform's
cases are compared with what the kiosks were told: a case the kiosk stored
but the platform does not have is lost; one the platform has twice is a
duplicate. Both must be 0.

By default the simulator runs in its own process (``kiosk platform serve``),
so the platform gets a core of its own as it would on its own machine; the
kiosks share the other (and the GIL).
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from pathlib import Path

import requests

from kiosk.bench.fleet.agent import register
from kiosk.bench.fleet.headless_kiosk import HeadlessKiosk, KioskResult, Recorder
from kiosk.bench.fleet.options import API, BenchOptions
from kiosk.bench.fleet.platform_process import start_platform
from kiosk.bench.fleet.report import BenchReport
from platform_sim.routes_terminals import DEMO_ENROLMENT_TOKEN
from platform_sim.seed import BACKOFFICE_TOKEN

log = logging.getLogger(__name__)


def run_bench(options: BenchOptions, workdir: Path | None = None) -> BenchReport:
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp:
        root = workdir or Path(tmp)
        platform = start_platform(root / "platform.sqlite3", options.in_process)
        try:
            return _run(options, root, platform.url)
        finally:
            platform.stop()


def _run(options: BenchOptions, root: Path, url: str) -> BenchReport:
    recorder = Recorder()
    backoffice = requests.Session()
    backoffice.headers["Authorization"] = f"Bearer {BACKOFFICE_TOKEN}"
    ids = [f"FLEET-{i + 1:04d}" for i in range(options.kiosks)]
    tokens: dict[str, str] = {}
    for tid in ids:
        reg = register(
            url, DEMO_ENROLMENT_TOKEN, tid, "基准测试站点 bench site", session=backoffice
        )
        tokens[tid] = reg.token
    # the back office pushes a site config to every other kiosk before the run
    pushed = ids[::2]
    for tid in pushed:
        r = backoffice.put(
            f"{url}{API}/backoffice/terminals/{tid}/config",
            json={"idle_timeout_s": 120, "restart_window": "03:00-05:00"},
            timeout=30,
        )
        r.raise_for_status()
    kiosks = [
        HeadlessKiosk(tid, tokens[tid], url, root / tid, options, recorder, _session(backoffice))
        for tid in ids
    ]
    start = threading.Barrier(len(kiosks) + 1)
    results: list[KioskResult] = []
    lock = threading.Lock()

    step = options.ramp_s / max(1, len(kiosks))

    def work(k: HeadlessKiosk, delay: float) -> None:
        r = k.run(start, delay)
        with lock:
            results.append(r)

    threads = [
        threading.Thread(target=work, args=(k, i * step), name=k.terminal_id, daemon=True)
        for i, k in enumerate(kiosks)
    ]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - began
    left = sum(k.drain() for k in kiosks)
    # what the platform has, per terminal, compared with what each kiosk was told
    lost = duplicates = not_collected = on_platform = 0
    for k in kiosks:
        r = requests.get(
            f"{url}{API}/cases",
            headers={"Authorization": f"Bearer {tokens[k.terminal_id]}"},
            timeout=30,
        )
        r.raise_for_status()
        cases = r.json()["cases"]
        on_platform += len(cases)
        codes = [c["case_code"] for c in cases]
        told = set(k.result.cases)
        lost += len(told - set(codes))
        duplicates += len(codes) - len(set(codes)) + len(set(codes) - told)
        not_collected += sum(1 for c in cases if c["status"] != "collected")
    received = sum(1 for r in results if r.config_version > 0)
    for k in kiosks:
        k.close()
    backoffice.close()
    return BenchReport(
        kiosks=options.kiosks,
        rounds=options.rounds,
        ramp_s=options.ramp_s,
        wall_s=wall,
        results=sorted(results, key=lambda r: r.terminal_id),
        latencies=dict(recorder.samples),
        platform_cases=on_platform,
        lost=lost,
        duplicates=duplicates,
        not_collected=not_collected,
        left_in_outboxes=left,
        config_pushed=len(pushed),
        config_received=received,
    )


def _session(template: requests.Session) -> requests.Session:
    s = requests.Session()
    s.headers.update(template.headers)
    return s


def main(kiosks: int, rounds: int, device_delay: float, in_process: bool, ramp_s: float) -> int:
    # the kiosks' own INFO lines (state changes, one per step per kiosk) would drown the report
    logging.getLogger().setLevel(logging.WARNING)
    # every bench kiosk keeps its outbox key beside its data, which warns once per kiosk
    logging.getLogger("offline_cache.key_source").setLevel(logging.ERROR)
    report = run_bench(
        BenchOptions(
            kiosks=kiosks,
            rounds=rounds,
            device_delay=device_delay,
            in_process=in_process,
            ramp_s=ramp_s,
        )
    )
    print(report.render())
    return 0 if report.ok else 1
