"""A SiteSetup port in memory: a config as data, saves recorded, tests scripted."""

from __future__ import annotations

import copy
import threading
from collections.abc import Mapping
from typing import Any

from device_contracts import Completion, Operation, Text
from flows.site_setup import ConfigProblem, DeviceTestReport, LoadedConfig, SaveOutcome
from tests.fakes.devices import Script

SITE: dict[str, Any] = {
    "terminal": {"id": "BJTZ-0001", "name": "1号机"},
    "ui": {"lang": "zh", "idle_timeout_s": 90},
    "devices": {
        "id_reader": {"driver": "sim"},
        "printer": {"driver": "sim", "delay_s": 0.3},
        "lockers": {"driver": "rs485", "port": "/dev/ttyUSB1", "baudrate": 9600},
    },
    "lockers": {
        "compartments": [
            {"id": "A01", "board": 1, "channel": 1, "size": "S", "role": "drop"},
            {"id": "B01", "board": 2, "channel": 1, "size": "M", "role": "pickup"},
        ]
    },
}


class FakeSiteSetup:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.data = copy.deepcopy(SITE)
        self.saves: list[dict[str, Any]] = []
        self.tests: Script[DeviceTestReport] = Script("test_device")
        self.tested: list[tuple[str, str | None]] = []

    def load(self) -> LoadedConfig:
        with self._lock:
            return LoadedConfig(copy.deepcopy(self.data), "/etc/site.toml", "/etc/site.toml")

    def driver_options(self, kind: str, driver: str) -> dict[str, object]:
        return {"url": "tcp://127.0.0.1:502", "channels": 24} if driver == "modbus" else {}

    def save(self, data: Mapping[str, Any]) -> SaveOutcome:
        timeout = (data.get("ui") or {}).get("idle_timeout_s")
        if not isinstance(timeout, int):
            return SaveOutcome((ConfigProblem("ui.idle_timeout_s", "must be a whole number"),))
        with self._lock:
            self.saves.append(copy.deepcopy(dict(data)))
            self.data = copy.deepcopy(dict(data))
        return SaveOutcome((), "/etc/site.toml", "/etc/site.toml.20261123-031500.bak")

    def test_device(
        self, kind: str, data: Mapping[str, Any], target: str | None
    ) -> Operation[DeviceTestReport]:
        self.tested.append((kind, target))
        return self.tests.start()

    def ok(self, text: str = "OK") -> None:
        self.tests.complete_pending(Completion.success(DeviceTestReport(Text(text, text))))
