"""The platform learns terminals; a small fleet of headless kiosks loses nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kiosk.bench.fleet.agent import FleetAgent, register
from kiosk.bench.fleet.bench import BenchOptions, run_bench
from platform_sim.routes_terminals import DEMO_ENROLMENT_TOKEN
from platform_sim.seed import BACKOFFICE_TOKEN
from platform_sim.server import RunningServer, start_in_thread

API = "/api/v1"
BACKOFFICE = {"Authorization": f"Bearer {BACKOFFICE_TOKEN}"}


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_in_thread(tmp_path / "platform.sqlite3")
    yield running
    running.stop()


def test_registration_heartbeat_and_pushed_config(platform: RunningServer) -> None:
    url = platform.url
    bad = requests.post(
        url + API + "/terminals/register",
        json={"terminal_id": "T-1", "site": "s"},
        headers={"Authorization": "Bearer wrong"},
        timeout=10,
    )
    assert bad.status_code == 401
    first = register(url, DEMO_ENROLMENT_TOKEN, "T-1", "东城区 24小时自助服务区")
    other = register(url, DEMO_ENROLMENT_TOKEN, "T-2", "通州区 24小时自助服务区")
    agent = FleetAgent(url, "T-1", first.token, software_version="1.2.3")
    devices = {"id_reader": "online", "printer": "offline"}
    assert agent.heartbeat(devices, 2, 40.0) is False  # nothing pushed yet

    # the back office pushes a config; the next heartbeat brings it
    pushed = requests.put(
        f"{url}{API}/backoffice/terminals/T-1/config",
        json={"idle_timeout_s": 120, "announcement": {"zh": "今晚维护", "en": "Maintenance"}},
        headers=BACKOFFICE,
        timeout=10,
    )
    assert pushed.status_code == 200 and pushed.json()["version"] == 1
    assert agent.heartbeat(devices, 0, None) is True
    assert agent.config_version == 1 and agent.config["idle_timeout_s"] == 120
    assert agent.heartbeat(devices, 0, None) is False

    # a terminal speaks only for itself; a re-registration with its token rotates it
    spoof = requests.post(
        f"{url}{API}/terminals/T-1/heartbeat",
        json={"outbox": {"depth": 0}},
        headers={"Authorization": f"Bearer {other.token}"},
        timeout=10,
    )
    assert spoof.status_code == 403
    again = register(
        url, DEMO_ENROLMENT_TOKEN, "T-1", "东城区 24小时自助服务区", current_token=first.token
    )
    with pytest.raises(requests.HTTPError):
        agent.heartbeat(devices, 0, None)
    agent.token = again.token
    agent.heartbeat(devices, 0, None)

    fleet = requests.get(f"{url}{API}/backoffice/terminals", headers=BACKOFFICE, timeout=10)
    rows = {t["terminal_id"]: t for t in fleet.json()["terminals"]}
    assert set(rows) == {"T-1", "T-2"}
    t1 = rows["T-1"]
    assert t1["online"] and t1["degraded"] and t1["heartbeats"] == 4
    assert t1["config_version"] == t1["config_applied"] == 1
    assert t1["software_version"] == "1.2.3" and t1["devices"]["printer"] == "offline"
    assert not rows["T-2"]["online"] and rows["T-2"]["last_seen"] is None


def test_small_fleet_submits_and_collects_exactly_once(tmp_path: Path) -> None:
    report = run_bench(
        BenchOptions(kiosks=5, rounds=2, device_delay=0.001, in_process=True, ramp_s=0),
        workdir=tmp_path,
    )
    assert report.failures == []
    submitted = [code for r in report.results for code in r.cases]
    assert len(submitted) == 10 and len(set(submitted)) == 10
    assert report.platform_cases == 10, "exactly once: one platform case per declaration"
    assert report.lost == 0 and report.duplicates == 0
    assert report.not_collected == 0 and report.left_in_outboxes == 0
    assert all(r.collected == 2 for r in report.results)
    assert report.config_received == report.config_pushed == 3
    assert "cases lost                0" in report.render()


@pytest.mark.parametrize("window", ["٠٣:٠٠-٠٥:٠٠", "25:00-05:00", "03:60-05:00", "3:00-5:00"])
def test_a_restart_window_that_is_no_time_of_day_is_refused(
    platform: RunningServer, window: str
) -> None:
    # pydantic's regex engine takes \d for any Unicode digit: Arabic-Indic hours got in
    register(platform.url, DEMO_ENROLMENT_TOKEN, "T-1", "东城区 24小时自助服务区")
    pushed = requests.put(
        f"{platform.url}{API}/backoffice/terminals/T-1/config",
        json={"restart_window": window},
        headers=BACKOFFICE,
        timeout=10,
    )
    assert pushed.status_code == 422
    good = requests.put(
        f"{platform.url}{API}/backoffice/terminals/T-1/config",
        json={"restart_window": "23:30-05:00"},
        headers=BACKOFFICE,
        timeout=10,
    )
    assert good.status_code == 200
