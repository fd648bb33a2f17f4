"""Prometheus metrics and a health endpoint, served on loopback.

One :class:`KioskMetrics` per kiosk process, with its own registry (so tests
and the fleet benchmark can run several side by side). What it exposes:

=========================================  ===========================================
family                                     source
=========================================  ===========================================
``kiosk_device_state{device,state}``       ``Device.status()`` at scrape time (1 = current)
``kiosk_device_up{device}``                1 when the device is online or busy
``kiosk_outbox_depth``                     cases + events waiting for the platform
``kiosk_outbox_oldest_age_seconds``        age of the oldest of them (0 when none)
``kiosk_outbox_damaged``                   items set aside: their payload cannot be opened
``kiosk_platform_up``                      last answer of the platform's ``/health``
``kiosk_platform_invalid_answers_total``   answers not matching the contract (not taken)
``kiosk_journeys_started_total{kind}``     a flow leaving ``idle``
``kiosk_journeys_completed_total{kind}``   a flow reaching ``done``
``kiosk_journeys_abandoned_total{kind}``   a flow back in ``idle`` without ``done``
``kiosk_device_errors_total{device,code}`` every device command not ending in success
``kiosk_face_check_latency_seconds``       ``FaceVerifier.verify`` start -> completion
``kiosk_ocr_latency_seconds``              OCR of a captured page for the form
                                           (``kiosk.vision_wiring.VisionPageReader``)
``kiosk_help_calls_total{outcome}``        呼叫工作人员 pressed: sent, queued (outbox),
                                           off_duty, callback, refused
``kiosk_help_acknowledge_seconds``         press -> the clerk's acknowledgement on screen
``kiosk_payment_trades{state}``            the trade ledger's trades by state: payments by
                                           outcome (completed, cancelled, refunded) and
                                           those under way (kiosk/payments_metrics.py)
=========================================  ===========================================

Labels carry device names, completion codes and journey kinds only: never
anything a resident typed or showed.

``GET /health`` answers 200 ``{"status": "ok", ...}`` or 503 ``{"status":
"degraded", ...}`` when a configured device is offline/faulty or the platform
does not answer.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol, cast

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from device_contracts import Completion, CompletionCode, Device, DeviceSet, DeviceState, Operation

log = logging.getLogger(__name__)

#: seconds; face checks are budgeted at 0.3 s per frame, OCR at 1.5 s per page
FACE_BUCKETS = (0.05, 0.1, 0.2, 0.3, 0.5, 0.8, 1.0, 2.0, 5.0, 10.0)
OCR_BUCKETS = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0)

#: seconds from 呼叫工作人员 to the clerk's answer on the kiosk's screen
HELP_ACK_BUCKETS = (5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
HELP_OUTCOMES = ("sent", "queued", "off_duty", "callback", "refused")

#: device kinds a DeviceSet holds, in its field order
DEVICE_KINDS = ("id_reader", "document_camera", "face", "printer", "lockers", "qr_scanner")


class QueueStatus(Protocol):
    """What the metrics read from the outbox (``OutboxStatus`` fits)."""

    @property
    def pending(self) -> int: ...

    @property
    def oldest_pending_age(self) -> float | None: ...

    @property
    def damaged(self) -> int: ...


class FlowLike(Protocol):
    """A journey flow as the metrics see it: its state and change notifications."""

    @property
    def state(self) -> Any: ...

    def subscribe(self, fn: Callable[[], None]) -> Callable[[], None]: ...


@dataclass
class PlatformProbe:
    """The platform's health, asked at most every ``ttl`` seconds (scrapes must stay cheap)."""

    check: Callable[[], bool]
    ttl: float = 10.0
    _value: bool | None = field(default=None, init=False)
    _at: float = field(default=0.0, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def up(self) -> bool:
        with self._lock:
            if self._value is not None and time.monotonic() - self._at < self.ttl:
                return self._value
        try:
            value = bool(self.check())
        except Exception:
            log.warning("platform health probe failed", exc_info=True)
            value = False
        with self._lock:
            self._value, self._at = value, time.monotonic()
        return value


class KioskMetrics:
    """The kiosk's metric families; bind devices, outbox and platform, then serve."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.journeys_started = Counter(
            "kiosk_journeys_started", "Journeys started", ["kind"], registry=r
        )
        self.journeys_completed = Counter(
            "kiosk_journeys_completed", "Journeys that reached done", ["kind"], registry=r
        )
        self.journeys_abandoned = Counter(
            "kiosk_journeys_abandoned",
            "Journeys back to idle without reaching done (cancel, idle timeout, reset)",
            ["kind"],
            registry=r,
        )
        self.device_errors = Counter(
            "kiosk_device_errors",
            "Device commands that did not end in success, by completion code",
            ["device", "code"],
            registry=r,
        )
        self.face_check_latency = Histogram(
            "kiosk_face_check_latency_seconds",
            "Face check (detect + liveness + 1:1 compare) from command to completion",
            registry=r,
            buckets=FACE_BUCKETS,
        )
        self.ocr_latency = Histogram(
            "kiosk_ocr_latency_seconds",
            "OCR of one captured page (crop, deskew, recognise)",
            registry=r,
            buckets=OCR_BUCKETS,
        )
        self.help_calls = Counter(
            "kiosk_help_calls", "Calls to staff, by what became of them", ["outcome"], registry=r
        )
        self.help_acknowledge = Histogram(
            "kiosk_help_acknowledge_seconds",
            "From 呼叫工作人员 to the clerk's acknowledgement shown on the kiosk",
            registry=r,
            buckets=HELP_ACK_BUCKETS,
        )
        for outcome in HELP_OUTCOMES:
            self.help_calls.labels(outcome=outcome)
        self._devices: dict[str, Device] = {}
        self._queue: Callable[[], QueueStatus] | None = None
        self._probe: PlatformProbe | None = None
        self._invalid_answers: Callable[[], int] | None = None
        self._flows: list[Callable[[], None]] = []
        r.register(_StateCollector(self))
        # every family present from the first scrape, even before anything happened
        for kind in ("declaration", "collection"):
            for c in (self.journeys_started, self.journeys_completed, self.journeys_abandoned):
                c.labels(kind=kind)

    def help_called(self, outcome: str) -> None:
        self.help_calls.labels(outcome=outcome).inc()

    def help_acknowledged(self, seconds: float) -> None:
        self.help_acknowledge.observe(seconds)

    # ------------------------------------------------------------------ binding
    def bind_devices(self, devices: DeviceSet) -> None:
        self._devices = {kind: getattr(devices, kind) for kind in DEVICE_KINDS}
        self._devices.update(devices.extra)

    def bind_queue(self, status: Callable[[], QueueStatus]) -> None:
        self._queue = status

    def bind_platform(self, health: Callable[[], bool], ttl: float = 10.0) -> None:
        self._probe = PlatformProbe(health, ttl)

    def bind_invalid_answers(self, count: Callable[[], int]) -> None:
        """The platform client's count of answers that did not match the contract."""
        self._invalid_answers = count

    def bind_payments(self, counts: Callable[[], Mapping[Any, int]]) -> None:
        """The trade ledger's trades by state (issue 23): payments by outcome."""
        from kiosk.payments_metrics import PaymentsCollector

        self.registry.register(PaymentsCollector(counts))

    def invalid_answers(self) -> int | None:
        return None if self._invalid_answers is None else self._invalid_answers()

    def watch_flow(self, kind: str, flow: FlowLike) -> Callable[[], None]:
        """Count ``flow``'s journeys: idle -> anything is a start, reaching ``done`` a
        completion, idle again without ``done`` an abandonment."""
        last = [_state_value(flow.state)]
        self.journeys_started.labels(kind=kind)

        def changed() -> None:
            before, now = last[0], _state_value(flow.state)
            if now == before:
                return
            last[0] = now
            if before == "idle":
                self.journeys_started.labels(kind=kind).inc()
            if now == "done":
                self.journeys_completed.labels(kind=kind).inc()
            elif now == "idle" and before != "done":
                self.journeys_abandoned.labels(kind=kind).inc()

        unsubscribe = flow.subscribe(changed)
        self._flows.append(unsubscribe)
        return unsubscribe

    def instrument(self, devices: DeviceSet) -> DeviceSet:
        """The same devices, with every command's completion counted (and face checks timed).

        The flows get this set; everything else keeps the plain one."""
        wrapped = {kind: _Instrumented(getattr(devices, kind), kind, self) for kind in DEVICE_KINDS}
        return DeviceSet(
            **cast(dict[str, Any], wrapped),
            extra={k: cast(Device, _Instrumented(d, k, self)) for k, d in devices.extra.items()},
        )

    def observe_completion(self, device: str, completion: Completion[Any]) -> None:
        if completion.code is not CompletionCode.SUCCESS:
            self.device_errors.labels(device=device, code=completion.code.value).inc()

    # ------------------------------------------------------------------ reading
    def device_states(self) -> dict[str, DeviceState]:
        states: dict[str, DeviceState] = {}
        for name, device in self._devices.items():
            try:
                states[name] = device.status().state
            except Exception:
                log.warning("device status failed", extra={"device": name}, exc_info=True)
                states[name] = DeviceState.HARDWARE_ERROR
        return states

    def queue_status(self) -> QueueStatus | None:
        if self._queue is None:
            return None
        try:
            return self._queue()
        except Exception:
            log.warning("outbox status failed", exc_info=True)
            return None

    def platform_up(self) -> bool | None:
        return None if self._probe is None else self._probe.up()

    def health(self) -> dict[str, Any]:
        """``status`` is ``degraded`` when a configured device is down or the platform is."""
        states = self.device_states()
        down = sorted(
            name
            for name, state in states.items()
            if state not in (DeviceState.ONLINE, DeviceState.BUSY, DeviceState.NO_DEVICE)
        )
        platform = self.platform_up()
        queue = self.queue_status()
        degraded = bool(down) or platform is False
        return {
            "status": "degraded" if degraded else "ok",
            "platform": {None: "unknown", True: "up", False: "down"}[platform],
            "devices": {name: state.value for name, state in sorted(states.items())},
            "devices_down": down,
            "outbox": {
                "depth": queue.pending if queue else None,
                "oldest_age_s": queue.oldest_pending_age if queue else None,
                "damaged": queue.damaged if queue else None,
            },
        }

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def _state_value(state: Any) -> str:
    return str(getattr(state, "value", state))


class _StateCollector(Collector):
    """Gauges read at scrape time: device states, the outbox, the platform."""

    def __init__(self, metrics: KioskMetrics) -> None:
        self._m = metrics

    def collect(self) -> Iterable[Metric]:
        state = GaugeMetricFamily(
            "kiosk_device_state", "Device state (1 for the current one)", labels=["device", "state"]
        )
        up = GaugeMetricFamily(
            "kiosk_device_up", "1 when the device is online or busy", labels=["device"]
        )
        for name, current in sorted(self._m.device_states().items()):
            for s in DeviceState:
                state.add_metric([name, s.value], 1.0 if s is current else 0.0)
            up.add_metric([name], 1.0 if current in (DeviceState.ONLINE, DeviceState.BUSY) else 0)
        yield state
        yield up
        depth = GaugeMetricFamily(
            "kiosk_outbox_depth", "Cases and events stored locally and not yet accepted"
        )
        age = GaugeMetricFamily(
            "kiosk_outbox_oldest_age_seconds", "Age of the oldest item waiting (0 when none)"
        )
        damaged = GaugeMetricFamily(
            "kiosk_outbox_damaged",
            "Outbox items set aside because their payload cannot be opened (bytes or key)",
        )
        queue = self._m.queue_status()
        if queue is not None:
            depth.add_metric([], float(queue.pending))
            age.add_metric([], float(queue.oldest_pending_age or 0.0))
            damaged.add_metric([], float(queue.damaged))
        yield depth
        yield age
        yield damaged
        platform = GaugeMetricFamily(
            "kiosk_platform_up", "1 when the central platform answered its health check"
        )
        answer = self._m.platform_up()
        if answer is not None:
            platform.add_metric([], 1.0 if answer else 0.0)
        yield platform
        invalid = CounterMetricFamily(
            "kiosk_platform_invalid_answers",
            "Platform answers that did not match the contract; the item stayed queued",
        )
        count = self._m.invalid_answers()
        if count is not None:
            invalid.add_metric([], float(count))
        yield invalid


class _Instrumented:
    """A device seen through the metrics: commands returning an Operation get counted.

    Everything else (status, subscribe, the simulators' controls) passes through."""

    def __init__(self, device: Any, kind: str, metrics: KioskMetrics) -> None:
        self._device = device
        self._kind = kind
        self._metrics = metrics

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._device, name)
        if not callable(attr) or name.startswith("_"):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            result = attr(*args, **kwargs)
            if isinstance(result, Operation):
                result.add_done_callback(lambda c: self._done(name, started, c))
            return result

        return call

    def _done(self, command: str, started: float, completion: Completion[Any]) -> None:
        self._metrics.observe_completion(self._kind, completion)
        timed = self._kind == "face" and command == "verify"
        if timed and completion.code is not CompletionCode.CANCELLED:
            self._metrics.face_check_latency.observe(time.perf_counter() - started)

    def __repr__(self) -> str:
        return f"Instrumented({self._device!r})"


class MetricsServer:
    """``/metrics`` (Prometheus text) and ``/health`` (JSON) on a loopback port."""

    def __init__(self, metrics: KioskMetrics, host: str = "127.0.0.1", port: int = 0) -> None:
        handler = _handler_for(metrics)
        self._httpd = ThreadingHTTPServer((host, port), handler)
        self._httpd.daemon_threads = True
        self.host = host
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name=f"metrics-{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> MetricsServer:
        self._thread.start()
        log.info("metrics serving", extra={"host": self.host, "port": self.port})
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


def _handler_for(metrics: KioskMetrics) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            if path == "/metrics":
                self._send(200, CONTENT_TYPE_LATEST, metrics.exposition())
            elif path == "/health":
                report = metrics.health()
                code = 200 if report["status"] == "ok" else 503
                self._send(code, "application/json", json.dumps(report).encode())
            else:
                self._send(404, "text/plain; charset=utf-8", b"not found\n")

        def _send(self, code: int, content_type: str, body: bytes) -> None:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return  # scrapes every few seconds would flood the journal

    return Handler


def parse_families(text: str) -> Iterator[str]:
    """Family names in a Prometheus text exposition (for tests and tools)."""
    from prometheus_client.parser import text_string_to_metric_families

    for family in text_string_to_metric_families(text):
        yield family.name
