"""A running demo's /metrics and /health: the demo's services (simulated devices, the
embedded platform simulator) with the real flows on a headless loop."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from device_contracts import CompletionCode
from flows.collection import CollectionFlow
from flows.declaration import DeclarationFlow, DeclarationState
from flows.journey_ports import JourneyPorts
from flows.loop import ManualLoop
from kiosk.metrics import parse_families
from kiosk.services import KioskServices
from tests.fakes.site_template import embedded_demo_config

REPO = Path(__file__).resolve().parents[2]


FAMILIES = {
    "kiosk_device_state",
    "kiosk_device_up",
    "kiosk_outbox_depth",
    "kiosk_outbox_oldest_age_seconds",
    "kiosk_platform_up",
    "kiosk_platform_invalid_answers",
    "kiosk_journeys_started",
    "kiosk_journeys_completed",
    "kiosk_journeys_abandoned",
    "kiosk_device_errors",
    "kiosk_face_check_latency_seconds",
    "kiosk_ocr_latency_seconds",
}


@pytest.fixture
def services(tmp_path: Path) -> Iterator[KioskServices]:
    data = tmp_path / "data"
    started = KioskServices.start(embedded_demo_config(data), data_dir=data, metrics_port=0)
    yield started
    started.close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def _value(text: str, line_start: str) -> float:
    for line in text.splitlines():
        if line.startswith(line_start):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {line_start}")


def test_every_family_scraped_and_journeys_counted(services: KioskServices) -> None:
    server = services.metrics_server
    assert server is not None and server.host == "127.0.0.1"  # loopback only
    loop = ManualLoop()
    devices = services.metrics.instrument(services.devices)
    ports = JourneyPorts(devices, services.platform, services.ledger, loop, services.terminal_id)
    flow = DeclarationFlow(ports)
    collection = CollectionFlow(ports)
    services.metrics.watch_flow("declaration", flow)
    services.metrics.watch_flow("collection", collection)
    reader: Any = services.devices.id_reader

    # a journey whose card read fails, then is abandoned
    reader.fail_next(CompletionCode.HARDWARE_ERROR)
    flow.start()  # the matter and its guide first, then the card
    assert loop.run_until(lambda: flow.session.catalog is not None, timeout=10)
    flow.choose_matter("HJ001")
    flow.proceed()
    assert loop.run_until(lambda: flow.session.message is not None, timeout=10)
    flow.cancel()
    assert flow.state is DeclarationState.IDLE
    # a face check through the instrumented device is timed
    face = devices.face.verify(None, 5.0).result(10)
    assert face.code is not CompletionCode.CANCELLED

    status, text = _get(server.url + "/metrics")
    assert status == 200
    assert set(parse_families(text)) >= FAMILIES
    assert _value(text, 'kiosk_journeys_started_total{kind="declaration"}') == 1
    assert _value(text, 'kiosk_journeys_abandoned_total{kind="declaration"}') == 1
    assert _value(text, 'kiosk_journeys_completed_total{kind="declaration"}') == 0
    assert _value(text, 'kiosk_device_errors_total{code="hardware_error",device="id_reader"}') == 1
    assert _value(text, "kiosk_face_check_latency_seconds_count") == 1
    assert _value(text, 'kiosk_device_state{device="printer",state="online"}') == 1
    assert _value(text, "kiosk_outbox_depth") == 0
    assert _value(text, "kiosk_platform_up") == 1
    assert _value(text, "kiosk_platform_invalid_answers_total") == 0
    for personal in ("张", "110101", "id_number"):
        assert personal not in text


def test_health_degraded_when_a_device_or_the_platform_is_down(services: KioskServices) -> None:
    server = services.metrics_server
    assert server is not None
    status, body = _get(server.url + "/health")
    assert status == 200 and json.loads(body)["status"] == "ok"

    printer: Any = services.devices.printer
    printer.unplug()
    status, body = _get(server.url + "/health")
    report = json.loads(body)
    assert status == 503 and report["status"] == "degraded"
    assert report["devices_down"] == ["printer"] and report["platform"] == "up"
    printer.replug()

    services.metrics.bind_platform(lambda: False)  # the platform stops answering
    status, body = _get(server.url + "/health")
    assert status == 503 and json.loads(body)["platform"] == "down"
