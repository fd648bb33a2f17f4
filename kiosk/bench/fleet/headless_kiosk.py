"""One kiosk of the fleet, headless: simulated devices, its own outbox, the real
platform port and the real declaration and collection flows on a ManualLoop drained
by the kiosk's own thread; every platform call timed."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from device_contracts import Compartment, CompartmentRole, CompartmentSize, DeviceSet, Image
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
    CaseStatus,
    Catalog,
    FieldKind,
    PickupTicket,
    SubmitResult,
)
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop, MonotonicClock
from flows.settings import FlowSettings
from kiosk.bench.fleet.agent import FleetAgent, device_states
from kiosk.bench.fleet.options import MATTER, BenchError, BenchOptions
from kiosk.bench.fleet.shared import SharedConnections, in_memory_ledger, kiosk_platform
from kiosk.demo.back_office import BackOffice, certificate_compartment, certificate_loaded
from offline_cache.platform_port import KioskPlatform

log = logging.getLogger(__name__)

T = TypeVar("T")


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
    #: how long after its planned start the kiosk began (waiting for a worker thread)
    start_slip_s: float = 0.0


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
        shared: SharedConnections,
    ) -> None:
        d = options.device_delay
        pages = sample_pages()  # rendered once per process, shared by every kiosk
        self.terminal_id = terminal_id
        self.url = url
        self.options = options
        self.recorder = recorder
        self.back_office = BackOffice(url, shared.backoffice, timeout=30)
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
        self.platform = kiosk_platform(url, token, terminal_id, workdir, options, shared)
        self.ledger = in_memory_ledger()
        self.loop = ManualLoop(MonotonicClock())
        port = TimedPlatform(self.platform, recorder)
        settings = FlowSettings(platform_timeout=options.timeout + 5)
        ports = JourneyPorts(self.devices, port, self.ledger, self.loop, terminal_id, settings)
        self.declaration = DeclarationFlow(ports)
        self.collection = CollectionFlow(ports)
        self.agent = FleetAgent(
            url, terminal_id, token, software_version="bench", session=shared.agents
        )
        self.result = KioskResult(terminal_id)
        #: idempotency keys of cases the platform did not answer at once
        self.queued_keys: list[str] = []

    # ------------------------------------------------------------------ the run
    def prepare(self) -> None:
        """Start-up, before the measured run: the first heartbeat, the catalogue cached."""
        self.heartbeat(record=False)
        if self.options.warm_catalog:
            self.platform.catalog()

    def run(self, start_at: float) -> KioskResult:
        """The rounds, from ``start_at`` (``time.perf_counter``) on; how late the kiosk
        started (all worker threads busy) is its ``start_slip_s``."""
        time.sleep(max(0.0, start_at - time.perf_counter()))
        self.result.start_slip_s = time.perf_counter() - start_at
        try:
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
        flow.choose_delivery("locker")  # 物流服务: the certificate to this kiosk's locker
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
        self.queued_keys.append(result.idempotency_key)
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
        # the deposit event must be on the platform before the case can be approved
        if self.drain():
            raise BenchError("the deposit event is still queued")
        self.back_office.approve(case_code)
        compartment = certificate_compartment(self.ledger, self.devices.lockers, case_code)
        if compartment is None:
            raise BenchError("no free pickup compartment")
        loaded = certificate_loaded(case_code, compartment, "clerk-bench", uuid.uuid4().hex)
        with self.recorder.time("report_event"):
            self.platform.report_event(loaded)
        if self.drain():
            raise BenchError("the load event is still queued")
        pickup_code = self.back_office.pickup_code(case_code)
        if pickup_code is None:
            raise BenchError("the platform sent no pickup code")
        return pickup_code

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
    def told_codes(self) -> set[str]:
        """The case codes this kiosk's outbox holds from the platform: those it printed,
        and those of cases still queued when its journey gave up (delivered since)."""
        codes = set(self.result.cases)
        for key in self.queued_keys:
            local = self.platform.outbox.lookup_case(key)
            if local is not None and local.case_code:
                codes.add(local.case_code)
        return codes

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
        self.platform.close()
        self.ledger.close()


def _typed_value(kind: FieldKind, first_choice: str) -> str:
    return {
        FieldKind.PHONE: "13800138001",
        FieldKind.DATE: "2026-12-01",
        FieldKind.CHOICE: first_choice,
    }.get(kind, "自助终端基准测试")


# ----------------------------------------------------------------------------- the platform
