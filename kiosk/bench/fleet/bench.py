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
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import requests

from devices.base import Compartment, CompartmentRole, CompartmentSize, DeviceSet, Image
from devices.sim.document_camera import SimDocumentCamera
from devices.sim.face import SimFaceVerifier
from devices.sim.id_reader import SimIdCardReader
from devices.sim.lockers import SimLockerBank
from devices.sim.page_images import sample_pages
from devices.sim.printer import SimReceiptPrinter
from devices.sim.qr_scanner import SimQrScanner
from flows.collection import CollectionFlow, CollectionState
from flows.declaration import DeclarationFlow, DeclarationState
from flows.domain import (
    CaseDraft,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    Catalog,
    FieldKind,
    PickupTicket,
    SubmitResult,
)
from flows.loop import ManualLoop, MonotonicClock
from flows.settings import FlowSettings
from kiosk.bench.fleet.agent import FleetAgent, device_states, register
from offline_cache.ledger import SqliteLedger
from offline_cache.platform_port import KioskPlatform
from platform_sim.routes_terminals import DEMO_ENROLMENT_TOKEN
from platform_sim.seed import BACKOFFICE_TOKEN

log = logging.getLogger(__name__)

T = TypeVar("T")
API = "/api/v1"
#: a matter the simulated document camera's pages fit (as in the demo tour)
MATTER = "HJ001"
PICKUP_CODE = re.compile(r"取件码\s*(\d{6})")


@dataclass(frozen=True)
class BenchOptions:
    kiosks: int = 200
    #: declaration + collection rounds per kiosk
    rounds: int = 1
    #: every simulated device's delay, seconds
    device_delay: float = 0.005
    #: run the simulator in this process (tests) instead of its own
    in_process: bool = False
    #: HTTP timeout of the kiosks' platform client
    timeout: float = 30.0
    #: how long one journey may take before the kiosk counts it failed
    journey_timeout: float = 120.0
    #: kiosks start their first journey spread evenly over this many seconds
    #: (0: all at the same instant, a thundering herd no real fleet produces)
    ramp_s: float = 20.0
    #: fetch the catalogue before the run, as a kiosk that has been running has it cached
    warm_catalog: bool = True


class Recorder:
    """Thread-safe latency samples, by operation."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)

    def add(self, op: str, seconds: float) -> None:
        with self._lock:
            self.samples[op].append(seconds)

    @contextmanager
    def time(self, op: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.add(op, time.perf_counter() - started)

    def all(self) -> list[float]:
        with self._lock:
            return [s for v in self.samples.values() for s in v]


class TimedPlatform:
    """The flows' Platform port, timing every call the kiosk makes to the platform."""

    def __init__(self, inner: KioskPlatform, recorder: Recorder) -> None:
        self._inner = inner
        self._rec = recorder

    def _timed(self, op: str, fn: Callable[[], T]) -> T:
        with self._rec.time(op):
            return fn()

    def catalog(self) -> Catalog:
        return self._timed("catalog", self._inner.catalog)

    def submit_case(self, draft: CaseDraft) -> SubmitResult:
        return self._timed("submit_case", lambda: self._inner.submit_case(draft))

    def report_event(self, event: CaseEvent) -> None:
        self._timed("report_event", lambda: self._inner.report_event(event))

    def verify_pickup_code(self, code: str) -> PickupTicket:
        return self._timed("verify_pickup_code", lambda: self._inner.verify_pickup_code(code))

    def case_status(self, case_code: str) -> CaseStatus:
        return self._timed("case_status", lambda: self._inner.case_status(case_code))

    def reference_photo(self, id_number: str) -> Image | None:
        return self._timed("reference_photo", lambda: self._inner.reference_photo(id_number))

    def __getattr__(self, name: str) -> Any:  # anything the port grows later
        return getattr(self._inner, name)


def compartments() -> list[Compartment]:
    """The demo site's locker map: 6 drop, 6 pickup."""
    sizes = [CompartmentSize.S, CompartmentSize.S, CompartmentSize.M]
    sizes += [CompartmentSize.M, CompartmentSize.L, CompartmentSize.L]
    out = [
        Compartment(f"A0{i + 1}", 1, i + 1, s, CompartmentRole.DROP) for i, s in enumerate(sizes)
    ]
    out += [
        Compartment(f"B0{i + 1}", 2, i + 1, s, CompartmentRole.PICKUP) for i, s in enumerate(sizes)
    ]
    return out


class BenchError(RuntimeError):
    pass


@dataclass
class KioskResult:
    terminal_id: str
    #: case codes the kiosk was told (after the outbox forwarded any provisional ones)
    cases: list[str] = field(default_factory=list)
    collected: int = 0
    failures: list[str] = field(default_factory=list)
    config_version: int = 0
    heartbeats: int = 0
    journey_seconds: list[float] = field(default_factory=list)


class HeadlessKiosk:
    """One kiosk: sim devices, outbox, flows on a ManualLoop, the fleet agent."""

    def __init__(
        self,
        terminal_id: str,
        token: str,
        url: str,
        workdir: Path,
        options: BenchOptions,
        recorder: Recorder,
        backoffice: requests.Session,
    ) -> None:
        d = options.device_delay
        pages = sample_pages()  # rendered once per process, shared by every kiosk
        self.terminal_id = terminal_id
        self.url = url
        self.options = options
        self.recorder = recorder
        self.backoffice = backoffice
        self.devices = DeviceSet(
            id_reader=SimIdCardReader(auto_place_after=d, read_delay=d),
            document_camera=SimDocumentCamera(pages=pages, capture_delay=d),
            face=SimFaceVerifier(delay=d),
            printer=SimReceiptPrinter(print_delay=d),
            lockers=SimLockerBank(compartments(), open_delay=d, auto_close_after=d),
            qr_scanner=SimQrScanner(),
        )
        for device in self.devices.all():
            device.open()
        self.platform = KioskPlatform.open(
            url, token, terminal_id, workdir, timeout=options.timeout, sync_timeout=options.timeout
        )
        self.ledger: SqliteLedger = KioskPlatform.open_ledger(workdir)
        self.loop = ManualLoop(MonotonicClock())
        port = TimedPlatform(self.platform, recorder)
        settings = FlowSettings(platform_timeout=options.timeout + 5)
        self.declaration = DeclarationFlow(
            self.devices, port, self.ledger, self.loop, terminal_id, settings
        )
        self.collection = CollectionFlow(
            self.devices, port, self.ledger, self.loop, terminal_id, settings
        )
        self.agent = FleetAgent(url, terminal_id, token, software_version="bench")
        self.result = KioskResult(terminal_id)

    # ------------------------------------------------------------------ the run
    def run(self, start: threading.Barrier, delay: float) -> KioskResult:
        try:
            self.heartbeat(record=False)  # start-up, before the measured run
            if self.options.warm_catalog:
                self.platform.catalog()
            start.wait()
            time.sleep(delay)
            for _ in range(self.options.rounds):
                began = time.perf_counter()
                code = self.declare()
                pickup = self.clerk_loads(code)
                self.collect(pickup)
                self.result.journey_seconds.append(time.perf_counter() - began)
                self.heartbeat()
        except Exception as exc:  # a failed kiosk is reported, the others go on
            log.warning("bench kiosk failed", extra={"terminal": self.terminal_id}, exc_info=True)
            self.result.failures.append(f"{type(exc).__name__}: {exc}")
        return self.result

    def heartbeat(self, *, record: bool = True) -> None:
        queue = self.platform.queue_status()
        started = time.perf_counter()
        self.agent.heartbeat(device_states(self.devices), queue.pending, queue.oldest_pending_age)
        if record:
            self.recorder.add("heartbeat", time.perf_counter() - started)
        self.result.heartbeats += 1
        self.result.config_version = self.agent.config_version

    def _settle(self, what: str, predicate: Callable[[], bool]) -> None:
        if not self.loop.run_until(predicate, self.options.journey_timeout):
            raise BenchError(f"{what}: stuck in {self.declaration.state}/{self.collection.state}")

    def declare(self) -> str:
        flow, s = self.declaration, DeclarationState
        flow.start()  # the matter and its guide first, then the card
        self._settle("catalogue", lambda: flow.session.catalog is not None)
        flow.choose_matter(MATTER)
        flow.proceed()
        self._settle("consent", lambda: flow.state is s.FACE_CONSENT)
        flow.consent(True)  # the resident agrees to the face check
        self._settle("matter", lambda: flow.state is s.FILLING_FORM)
        matter = flow.session.matter
        assert matter is not None
        for f in matter.fields:
            if not flow.session.form.get(f.key):
                flow.set_field(f.key, _typed_value(f.kind, f.choices[0].zh if f.choices else ""))
        flow.next()
        self._settle("form", lambda: flow.state is s.CAPTURING)
        for spec in matter.materials:
            if spec.required and not spec.deferrable:
                before = len(flow.session.pages)
                flow.capture(spec.code)
                self._settle("capture", lambda b=before: len(flow.session.pages) > b)  # type: ignore[misc]
            elif spec.deferrable:
                flow.toggle_deferred(spec.code)
        flow.next()
        self._settle("materials", lambda: flow.state is s.REVIEWING)
        flow.submit()
        self._settle("submit", lambda: flow.state in (s.DONE, s.DEPOSITING, s.REVIEWING))
        if flow.state is s.REVIEWING:
            raise BenchError("the platform refused the case")
        self._settle("deposit and receipt", lambda: flow.state is s.DONE)
        result, compartment = flow.session.result, flow.session.compartment
        assert result is not None
        flow.finish()
        code = self._case_code(result)
        self.result.cases.append(code)
        if compartment is not None:
            # the clerk's morning round empties the drop compartment
            self.ledger.release(compartment.id)
        return code

    def _case_code(self, result: SubmitResult) -> str:
        if not result.provisional:
            return result.code
        # queued: the forwarder delivers it; the kiosk learns the platform's code then
        forwarder = self.platform.forwarder
        deadline = time.monotonic() + self.options.journey_timeout
        while time.monotonic() < deadline:
            if forwarder is not None:
                forwarder.flush()
            local = self.platform.outbox.lookup_case(result.idempotency_key)
            if local is not None and local.case_code:
                return local.case_code
            time.sleep(0.05)
        raise BenchError("a queued case never reached the platform")

    def clerk_loads(self, case_code: str) -> str:
        """The back office approves; a clerk loads the certificate; the platform texts a code."""
        base = self.url + API
        # the deposit event must be on the platform before the case can be approved
        if self.drain():
            raise BenchError("the deposit event is still queued")
        r = self.backoffice.post(f"{base}/backoffice/cases/{case_code}/approve", timeout=30)
        r.raise_for_status()
        compartment = self.ledger.allocate(
            self.devices.lockers.compartments(),
            CompartmentRole.PICKUP,
            CompartmentSize.S,
            case_code,
        )
        if compartment is None:
            raise BenchError("no free pickup compartment")
        with self.recorder.time("report_event"):
            self.platform.report_event(
                CaseEvent(
                    CaseEventKind.CERTIFICATE_LOADED,
                    case_code,
                    compartment_id=compartment.id,
                    actor="clerk-bench",
                    event_id=uuid.uuid4().hex,
                )
            )
        if self.drain():
            raise BenchError("the load event is still queued")
        r = self.backoffice.get(
            f"{base}/backoffice/notifications", params={"case_code": case_code}, timeout=30
        )
        r.raise_for_status()
        for note in r.json()["notifications"]:
            found = PICKUP_CODE.search(note["text"]["zh"])
            if found:
                return found.group(1)
        raise BenchError("the platform sent no pickup code")

    def collect(self, pickup_code: str) -> None:
        flow, s = self.collection, CollectionState
        flow.start()
        self._settle("keypad", lambda: flow.state is s.ENTERING_CODE)
        flow.enter_code(pickup_code)
        self._settle("collection", lambda: flow.state in (s.DONE, s.FAILED, s.ENTERING_CODE))
        if flow.state is not s.DONE:
            raise BenchError(f"collection ended in {flow.state}")
        flow.finish()
        self.result.collected += 1

    # ------------------------------------------------------------------ the end
    def drain(self) -> int:
        """Forward whatever is still queued; the number of items left."""
        forwarder = self.platform.forwarder
        for _ in range(20):
            if forwarder is None or forwarder.flush():
                break
            time.sleep(0.1)
        return self.platform.outbox.pending_count()

    def close(self) -> None:
        self.declaration.reset()
        self.collection.reset()
        self.loop.run_pending()
        for device in self.devices.all():
            device.close()
        self.agent.close()
        self.platform.close()
        self.ledger.close()


def _typed_value(kind: FieldKind, first_choice: str) -> str:
    return {
        FieldKind.PHONE: "13800138001",
        FieldKind.DATE: "2026-12-01",
        FieldKind.CHOICE: first_choice,
    }.get(kind, "自助终端基准测试")


# ----------------------------------------------------------------------------- the platform


@dataclass
class _Platform:
    url: str
    stop: Callable[[], None]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_platform(db: Path, in_process: bool) -> _Platform:
    if in_process:
        from platform_sim.server import start_in_thread

        running = start_in_thread(db)
        return _Platform(running.url, running.stop)
    port = _free_port()
    # KIOSK_BENCH_PLATFORM_LOG=FILE keeps the platform's access log (route, status, ms)
    log_file = os.environ.get("KIOSK_BENCH_PLATFORM_LOG")
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "kiosk.cli", "--log-level", "INFO" if log_file else "WARNING"),
            *("platform", "serve"),
            *("--host", "127.0.0.1", "--port", str(port), "--db", str(db)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=open(log_file, "w") if log_file else None,  # noqa: SIM115 - the child owns it
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError("the platform simulator exited at start")
        try:
            if requests.get(url + API + "/health", timeout=1).ok:
                break
        except requests.RequestException:
            time.sleep(0.1)
    else:
        proc.kill()
        raise BenchError("the platform simulator did not start")

    def stop() -> None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()

    return _Platform(url, stop)


# ----------------------------------------------------------------------------- the bench


@dataclass
class BenchReport:
    kiosks: int
    rounds: int
    ramp_s: float
    wall_s: float
    results: list[KioskResult]
    latencies: dict[str, list[float]]
    platform_cases: int
    lost: int
    duplicates: int
    not_collected: int
    left_in_outboxes: int
    config_pushed: int
    config_received: int

    @property
    def failures(self) -> list[str]:
        return [f"{r.terminal_id}: {f}" for r in self.results for f in r.failures]

    @property
    def ok(self) -> bool:
        return (
            not self.failures
            and self.lost == 0
            and self.duplicates == 0
            and self.not_collected == 0
            and self.left_in_outboxes == 0
        )

    def render(self) -> str:
        # the catalogue is served from the kiosk's cache (ETag refresh in the background):
        # listed below, but kept out of the totals so they describe platform round trips
        every = [s for op, v in self.latencies.items() if op != "catalog" for s in v]
        submitted = sum(len(r.cases) for r in self.results)
        journeys = submitted + sum(r.collected for r in self.results)
        lines = [
            f"fleet bench: {self.kiosks} kiosks x {self.rounds} round(s) "
            f"(declare + clerk load + collect), {os.cpu_count()} CPU(s), "
            f"starts spread over {self.ramp_s:g} s",
            f"wall time          {self.wall_s:8.2f} s",
            f"journeys           {journeys:8d}  ({journeys / self.wall_s:.1f}/s)",
            f"platform requests  {len(every):8d}  ({len(every) / self.wall_s:.1f}/s)",
            f"latency p50        {_ms(_pct(every, 50)):>8}",
            f"latency p99        {_ms(_pct(every, 99)):>8}",
            f"latency max        {_ms(max(every, default=0.0)):>8}",
            "by call            count      p50      p99      max",
        ]
        for op, v in sorted(self.latencies.items()):
            lines.append(
                f"  {op:<18}{len(v):5d} {_ms(_pct(v, 50)):>8} {_ms(_pct(v, 99)):>8} "
                f"{_ms(max(v)):>8}"
            )
        journey_s = [s for r in self.results for s in r.journey_seconds]
        lines += [
            f"round trip p50/p99 {_pct(journey_s, 50):.2f} s / {_pct(journey_s, 99):.2f} s "
            "(a kiosk's declaration + clerk + collection, device delays included)",
            f"cases submitted    {submitted:8d}",
            f"cases on platform  {self.platform_cases:8d}",
            f"cases lost         {self.lost:8d}",
            f"cases duplicated   {self.duplicates:8d}",
            f"not collected      {self.not_collected:8d}",
            f"left in outboxes   {self.left_in_outboxes:8d}",
            f"config pushed/recv {self.config_pushed:4d} / {self.config_received}",
            f"kiosk failures     {len(self.failures):8d}",
        ]
        lines += [f"  {f}" for f in self.failures[:10]]
        lines.append("RESULT: " + ("OK" if self.ok else "FAILED"))
        return "\n".join(lines)


def _pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def run_bench(options: BenchOptions, workdir: Path | None = None) -> BenchReport:
    with tempfile.TemporaryDirectory(prefix="fleet-bench-") as tmp:
        root = workdir or Path(tmp)
        platform = _start_platform(root / "platform.sqlite3", options.in_process)
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
