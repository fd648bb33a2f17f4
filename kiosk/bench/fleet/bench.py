"""``kiosk bench fleet``: N headless kiosks against one platform simulator on loopback.

Each kiosk is what ``KioskServices`` builds minus Qt: simulated devices with tiny
delays, its own encrypted outbox in a temp dir (ledger and catalogue cache in
memory), the real ``KioskPlatform`` (HTTP client + outbox + forwarder), and the
real ``DeclarationFlow`` and ``CollectionFlow`` on a ``ManualLoop``, driven by one
of a few worker threads (``--threads``; ``shared.py`` says what the kiosks share
so 2 000 fit in one process). Each kiosk registers with the enrolment token, heartbeats
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
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from kiosk.bench.fleet.agent import register
from kiosk.bench.fleet.cpu_split import CpuMeter
from kiosk.bench.fleet.descriptors import open_descriptors, raise_open_file_limit
from kiosk.bench.fleet.headless_kiosk import HeadlessKiosk, Recorder
from kiosk.bench.fleet.options import API, BenchOptions
from kiosk.bench.fleet.platform_process import start_platform
from kiosk.bench.fleet.report import BenchReport, BenchSetup
from kiosk.bench.fleet.shared import SharedConnections
from kiosk.bench.fleet.worker_kill import WorkerKiller
from platform_sim.routes_terminals import DEMO_ENROLMENT_TOKEN

log = logging.getLogger(__name__)


def run_bench(options: BenchOptions, workdir: Path | None = None) -> BenchReport:
    limit = raise_open_file_limit(options)
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp:
        root = workdir or Path(tmp)
        platform = start_platform(root, options)
        shared = SharedConnections(options.threads)
        try:
            with ThreadPoolExecutor(options.threads, thread_name_prefix="fleet") as pool:
                killer = (
                    WorkerKiller(platform.pid, options.kill_worker_after_s)
                    if options.kill_worker_after_s is not None and platform.pid is not None
                    else None
                )
                meter = CpuMeter(platform.pid, platform.postgres_pid)
                return _run(options, root, platform.url, shared, pool, limit, killer, meter)
        finally:
            shared.close()
            platform.stop()


def _run(
    options: BenchOptions,
    root: Path,
    url: str,
    shared: SharedConnections,
    pool: ThreadPoolExecutor,
    limit: int,
    killer: WorkerKiller | None = None,
    meter: CpuMeter | None = None,
) -> BenchReport:
    recorder = Recorder()
    ids = [f"FLEET-{i + 1:04d}" for i in range(options.kiosks)]

    def enrol(tid: str) -> str:
        site = "基准测试站点 bench site"
        return register(url, DEMO_ENROLMENT_TOKEN, tid, site, session=shared.backoffice).token

    tokens = dict(zip(ids, pool.map(enrol, ids), strict=True))
    # the back office pushes a site config to every other kiosk before the run
    pushed = ids[::2]
    for tid in pushed:
        r = shared.backoffice.put(
            f"{url}{API}/backoffice/terminals/{tid}/config",
            json={"idle_timeout_s": 120, "restart_window": "03:00-05:00"},
            timeout=30,
        )
        r.raise_for_status()
    before = open_descriptors()

    def set_up(tid: str) -> HeadlessKiosk:
        k = HeadlessKiosk(tid, tokens[tid], url, root / tid, options, recorder, shared)
        k.prepare()
        return k

    kiosks = list(pool.map(set_up, ids))
    per_kiosk = (open_descriptors() - before) / max(1, len(kiosks))
    # starts spread evenly over the ramp; a worker thread takes the next kiosk due
    step = options.ramp_s / max(1, len(kiosks))
    if meter is not None:
        meter.start()
    began = time.perf_counter()
    if killer is not None:
        killer.start(began)
    runs = [pool.submit(k.run, began + i * step) for i, k in enumerate(kiosks)]
    results = [r.result() for r in runs]
    wall = time.perf_counter() - began
    cpu = meter.stop(wall) if meter is not None else None
    worker_kill = killer.outcome() if killer is not None else None
    left = sum(pool.map(HeadlessKiosk.drain, kiosks))
    counted = list(pool.map(lambda k: _compare(url, tokens[k.terminal_id], k, shared), kiosks))
    received = sum(1 for r in results if r.config_version > 0)
    for k in kiosks:
        k.close()
    return BenchReport(
        kiosks=options.kiosks,
        rounds=options.rounds,
        ramp_s=options.ramp_s,
        wall_s=wall,
        results=sorted(results, key=lambda r: r.terminal_id),
        latencies=dict(recorder.samples),
        platform_cases=sum(c.on_platform for c in counted),
        lost=sum(c.lost for c in counted),
        duplicates=sum(c.duplicates for c in counted),
        not_collected=sum(c.not_collected for c in counted),
        left_in_outboxes=left,
        config_pushed=len(pushed),
        config_received=received,
        setup=BenchSetup(options.store, options.workers, options.threads, per_kiosk, limit),
        worker_kill=worker_kill,
        cpu=cpu,
    )


@dataclass(frozen=True)
class _Compared:
    on_platform: int
    lost: int
    duplicates: int
    not_collected: int


def _compare(url: str, token: str, k: HeadlessKiosk, shared: SharedConnections) -> _Compared:
    """A terminal's cases on the platform against the codes its kiosk was told."""
    r = shared.agents.get(
        f"{url}{API}/cases", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    r.raise_for_status()
    cases = r.json()["cases"]
    codes = [c["case_code"] for c in cases]
    told = k.told_codes()
    return _Compared(
        on_platform=len(cases),
        lost=len(told - set(codes)),
        duplicates=len(codes) - len(set(codes)) + len(set(codes) - told),
        not_collected=sum(1 for c in cases if c["status"] != "collected"),
    )


def main(options: BenchOptions) -> int:
    # the kiosks' own INFO lines (state changes, one per step per kiosk) would drown the report
    logging.getLogger().setLevel(logging.WARNING)
    # every bench kiosk keeps its outbox key beside its data, which warns once per kiosk
    logging.getLogger("offline_cache.key_source").setLevel(logging.ERROR)
    # a request sent again on a kept-alive connection the simulator had just closed
    logging.getLogger("urllib3.connectionpool").setLevel(logging.ERROR)
    report = run_bench(options)
    print(report.render())
    return 0 if report.ok else 1
