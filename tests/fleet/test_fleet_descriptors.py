"""50 kiosks in one process hold their outboxes and little else: the descriptors
per kiosk stay under a bound (it was about ten, plus two threads a kiosk), and
nothing is lost or duplicated with kiosks driven by a few worker threads."""

from __future__ import annotations

import resource
import threading
from pathlib import Path

from kiosk.bench.fleet import descriptors
from kiosk.bench.fleet.bench import BenchOptions, run_bench
from kiosk.bench.fleet.options import BenchError

#: the outbox's four, and a little for the shared sockets spread over the kiosks
BOUND_PER_KIOSK = 5.0


def test_fifty_kiosks_hold_few_descriptors_and_lose_nothing(tmp_path: Path) -> None:
    options = BenchOptions(kiosks=50, rounds=1, device_delay=0.001, ramp_s=0, threads=6)
    threads_before = threading.active_count()
    report = run_bench(options, workdir=tmp_path)
    assert report.failures == []
    assert report.lost == 0 and report.duplicates == 0
    assert report.platform_cases == 50 and report.not_collected == 0
    assert report.left_in_outboxes == 0
    assert report.config_received == report.config_pushed == 25
    assert 0 < report.setup.descriptors_per_kiosk <= BOUND_PER_KIOSK
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert soft == hard == report.setup.open_file_limit, "the soft limit raised to the hard"
    # the device-operation pool keeps its idle threads; none is a kiosk's own
    assert threading.active_count() - threads_before < options.kiosks
    text = report.render()
    assert "descriptors" in text and "per kiosk" in text and "RESULT: OK" in text


def test_a_fleet_the_hard_limit_cannot_hold_is_refused_before_it_starts() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    kiosks = hard // descriptors.PER_KIOSK + 1
    try:
        descriptors.raise_open_file_limit(BenchOptions(kiosks=kiosks))
    except BenchError as refused:
        assert "open files" in str(refused) and str(hard) in str(refused)
    else:
        raise AssertionError("a fleet over the hard limit was let start")
