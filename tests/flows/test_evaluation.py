"""The rating after a journey (好差评, issue 21 item 4) as a flow on a ManualLoop, its
port the kiosk's platform (outbox and client) over HTTP to a running simulator: one
tap is a whole rating, a low level waits for its reasons and goes as it stands when
none come, leaving the end screen or the next journey does not lose it, and taps
out of turn change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flows.evaluation import EvaluationFlow, Level, RatedJourney, RatingPhase, Reason
from flows.loop import ManualLoop
from offline_cache.catalog_cache import CatalogCache
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import Outbox
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID
from platform_sim.server import RunningServer, start_in_thread
from tests.offline_cache.conftest import make_client
from tests.platform.helpers import backoffice


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RunningServer]:
    running = start_in_thread(tmp_path / "platform.sqlite3")
    yield running
    running.stop()


def _open_kiosk(server: RunningServer, data: Path) -> KioskPlatform:
    """The kiosk's platform port on ``data`` (a restarted kiosk opens the same one)."""
    client = make_client(server.url)
    outbox = Outbox.open(data, DEMO_TERMINAL_ID)
    cache = CatalogCache(data / "catalog.sqlite3", client, max_age=0)
    return KioskPlatform(client, outbox, cache, Forwarder(outbox, client), sync_timeout=2.0)


@pytest.fixture
def platform(server: RunningServer, tmp_path: Path) -> Iterator[KioskPlatform]:
    kp = _open_kiosk(server, tmp_path / "kiosk")
    yield kp
    kp.close()


@pytest.fixture
def loop() -> ManualLoop:
    return ManualLoop()


@pytest.fixture
def flow(platform: KioskPlatform, loop: ManualLoop) -> EvaluationFlow:
    return EvaluationFlow(platform, loop, reasons_wait=30.0)


def _report(server: RunningServer) -> dict[str, Any]:
    report: dict[str, Any] = (
        backoffice().get(f"{server.url}/api/v1/backoffice/evaluations/report").json()
    )
    return report


def _stored(flow: EvaluationFlow, loop: ManualLoop, n: int) -> None:
    assert loop.run_until(lambda: flow.stored + flow.refused >= n)
    assert (flow.stored, flow.refused) == (n, 0)


def test_one_tap_on_a_high_level_is_the_whole_rating(
    flow: EvaluationFlow, loop: ManualLoop, server: RunningServer
) -> None:
    changes: list[RatingPhase] = []
    flow.subscribe(lambda: changes.append(flow.phase))
    flow.offer(RatedJourney.LOOKUP)
    flow.rate(Level.VERY_SATISFIED)
    assert flow.phase is RatingPhase.THANKED
    _stored(flow, loop, 1)
    assert changes[:2] == [RatingPhase.OFFERED, RatingPhase.THANKED]
    report = _report(server)
    assert (report["total"], report["levels"]["very_satisfied"]) == (1, 1)
    assert [row["key"] for row in report["by_matter"]] == [""]  # no case: the journey only
    flow.rate(Level.VERY_DISSATISFIED)  # a second tap after the thanks changes nothing
    flow.toggle_reason(Reason.OTHER)
    assert flow.phase is RatingPhase.THANKED and flow.reasons == frozenset()


def test_a_low_level_goes_with_the_reasons_ticked(
    flow: EvaluationFlow, loop: ManualLoop, server: RunningServer
) -> None:
    flow.offer(RatedJourney.COLLECTION)
    flow.toggle_reason(Reason.LONG_WAIT)  # not before a low level
    flow.send_reasons()
    assert flow.phase is RatingPhase.OFFERED
    flow.rate(Level.DISSATISFIED)
    assert flow.phase is RatingPhase.REASONS
    for reason in (Reason.DEVICE_FAULT, Reason.LONG_WAIT, Reason.OTHER, Reason.OTHER):
        flow.toggle_reason(reason)  # OTHER ticked, then unticked
    flow.send_reasons()
    _stored(flow, loop, 1)
    report = _report(server)
    assert report["levels"]["dissatisfied"] == 1
    assert {k: v for k, v in report["reasons"].items() if v} == {"long_wait": 1, "device_fault": 1}


def test_a_low_level_left_without_reasons_goes_as_it_stands(
    flow: EvaluationFlow, loop: ManualLoop, server: RunningServer
) -> None:
    flow.offer(RatedJourney.LOOKUP)
    flow.rate(Level.VERY_DISSATISFIED)
    loop.advance(29.0)
    assert flow.phase is RatingPhase.REASONS and flow.stored == 0
    loop.advance(1.0)  # the resident walked away: the level alone is the rating
    assert flow.phase is RatingPhase.THANKED
    _stored(flow, loop, 1)
    assert _report(server)["levels"]["very_dissatisfied"] == 1


def test_leaving_the_end_screen_or_the_next_journey_keeps_a_rating_given_late(
    flow: EvaluationFlow, loop: ManualLoop, server: RunningServer
) -> None:
    flow.offer(RatedJourney.LOOKUP)
    flow.rate(Level.DISSATISFIED)
    flow.toggle_reason(Reason.COMPLICATED)
    flow.withdraw()  # 完成, or the done screen's timeout: the journey is over
    assert flow.phase is RatingPhase.CLOSED
    _stored(flow, loop, 1)

    flow.offer(RatedJourney.LOOKUP)
    flow.rate(Level.VERY_DISSATISFIED)
    flow.offer(RatedJourney.COLLECTION)  # the next resident's journey ends first
    assert (flow.phase, flow.level) == (RatingPhase.OFFERED, None)
    _stored(flow, loop, 2)
    loop.advance(60.0)  # the first rating's timer was cancelled: nothing goes twice
    report = _report(server)
    assert report["total"] == 2
    assert report["reasons"]["complicated"] == 1


def test_the_same_offer_again_keeps_the_strip_as_it_is(
    flow: EvaluationFlow, loop: ManualLoop
) -> None:
    flow.offer(RatedJourney.DECLARATION, "CASE-1")
    flow.rate(Level.DISSATISFIED)
    flow.offer(RatedJourney.DECLARATION, "CASE-1")  # a re-render of the done screen
    assert flow.phase is RatingPhase.REASONS
    flow.withdraw()
    flow.withdraw()
    assert flow.phase is RatingPhase.CLOSED
    # sent once; the platform knows no such case and refuses it (kept failed in the outbox)
    assert loop.run_until(lambda: flow.refused == 1)
    assert flow.stored == 0


def test_a_low_level_is_kept_at_the_tap_and_goes_once_after_a_restart(
    server: RunningServer, loop: ManualLoop, tmp_path: Path
) -> None:
    """Switched off (or killed) while the reasons are on screen: the level tapped is on
    disk already, and the restarted kiosk sends it, once."""
    data = tmp_path / "kiosk"
    first = _open_kiosk(server, data)
    flow = EvaluationFlow(first, loop, reasons_wait=30.0)
    flow.offer(RatedJourney.LOOKUP)
    flow.rate(Level.VERY_DISSATISFIED)
    assert loop.run_until(lambda: flow.held == 1)
    first.close()  # within the 30 s: the timer never fires
    assert _report(server)["total"] == 0

    again = _open_kiosk(server, data)
    try:
        assert again.forwarder is not None
        assert again.forwarder.flush()
        assert again.forwarder.flush()  # nothing goes twice
    finally:
        again.close()
    report = _report(server)
    assert (report["total"], report["levels"]["very_dissatisfied"]) == (1, 1)


def test_a_kept_low_level_waits_for_its_reasons_and_goes_with_them(
    flow: EvaluationFlow, loop: ManualLoop, platform: KioskPlatform, server: RunningServer
) -> None:
    flow.offer(RatedJourney.LOOKUP)
    flow.rate(Level.DISSATISFIED)
    assert loop.run_until(lambda: flow.held == 1)
    assert platform.forwarder is not None
    assert platform.forwarder.flush()  # the forwarder leaves it: its reasons may come
    assert _report(server)["total"] == 0
    flow.toggle_reason(Reason.STAFF_ATTITUDE)
    flow.send_reasons()
    _stored(flow, loop, 1)
    assert platform.forwarder.flush()
    report = _report(server)
    assert (report["total"], report["levels"]["dissatisfied"]) == (1, 1)
    assert report["reasons"]["staff_attitude"] == 1
