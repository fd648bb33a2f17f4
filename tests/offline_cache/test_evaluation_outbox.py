"""A rating (好差评, issue 21 item 4) goes through the outbox: given while the platform
is away it is kept sealed and forwarded once it is back, exactly once even when an
answer was lost; a rating of a case still queued here waits for its case and goes
with the code the platform gave it."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flows.domain import SubmitState
from flows.evaluation import Evaluation, Level, RatedJourney, Reason
from offline_cache.outbox import DB_FILE
from offline_cache.platform_port import KioskPlatform
from tests.offline_cache.conftest import SwitchablePlatform
from tests.platform.helpers import backoffice, draft


def _rating(
    case_code: str | None = None,
    level: Level = Level.DISSATISFIED,
    reasons: tuple[Reason, ...] = (Reason.LONG_WAIT,),
) -> Evaluation:
    journey = RatedJourney.DECLARATION if case_code else RatedJourney.LOOKUP
    return Evaluation(uuid.uuid4().hex, journey, case_code, level, reasons, datetime.now(UTC))


def _report(server: SwitchablePlatform) -> dict[str, Any]:
    r = backoffice().get(f"{server.url}/api/v1/backoffice/evaluations/report")
    r.raise_for_status()
    report: dict[str, Any] = r.json()
    return report


def _row_state(data_dir: Path, evaluation_id: str) -> tuple[str, bytes | None]:
    conn = sqlite3.connect(data_dir / DB_FILE)
    try:
        row = conn.execute(
            "SELECT state, payload FROM evaluations WHERE evaluation_id = ?", (evaluation_id,)
        ).fetchone()
    finally:
        conn.close()
    return row[0], row[1]


def test_a_rating_given_offline_is_forwarded_once_the_platform_is_back(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform, data_dir: Path
) -> None:
    platform_server.stop()
    rating = _rating()
    kiosk_platform.submit_evaluation(rating)  # stored: no error for the resident
    assert kiosk_platform.outbox.status().pending == 1
    assert b"long_wait" not in (data_dir / DB_FILE).read_bytes()  # sealed on disk

    platform_server.start()
    assert kiosk_platform.forwarder is not None
    assert kiosk_platform.forwarder.flush()
    assert kiosk_platform.forwarder.flush()  # a second pass sends nothing again
    report = _report(platform_server)
    assert (report["total"], report["levels"]["dissatisfied"]) == (1, 1)
    assert report["reasons"]["long_wait"] == 1
    assert _row_state(data_dir, rating.evaluation_id) == ("accepted", None)


def test_a_rating_whose_answer_was_lost_is_counted_once(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.stop()
    rating = _rating(level=Level.VERY_SATISFIED, reasons=())
    kiosk_platform.submit_evaluation(rating)
    platform_server.start()
    # the platform takes it, but its answer never reaches the kiosk: queued again
    item = kiosk_platform.outbox.claim_evaluation(rating.evaluation_id)
    assert item is not None
    kiosk_platform.client.post_evaluation(item.body)
    kiosk_platform.outbox.evaluation_outcomes.retry(rating.evaluation_id, "answer lost")

    assert kiosk_platform.forwarder is not None
    assert kiosk_platform.forwarder.flush()
    assert _report(platform_server)["total"] == 1


def test_a_rating_of_a_queued_case_waits_for_it_and_names_its_platform_code(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform
) -> None:
    platform_server.stop()
    result = kiosk_platform.submit_case(draft(matter="SW001"))
    assert result.state is SubmitState.QUEUED
    kiosk_platform.submit_evaluation(_rating(result.code))
    # the platform is back before the forwarder's pass: the case is still queued here,
    # so the rating does not go (the platform would not know the code yet)
    platform_server.start()
    assert kiosk_platform.outbox.claim_evaluation() is None

    assert kiosk_platform.forwarder is not None
    assert kiosk_platform.forwarder.flush()
    report = _report(platform_server)
    assert [row["key"] for row in report["by_matter"]] == ["SW001"]
    assert report["total"] == 1


def test_a_rating_sent_at_once_when_the_platform_answers(
    platform_server: SwitchablePlatform, kiosk_platform: KioskPlatform, data_dir: Path
) -> None:
    platform_server.start()
    case = kiosk_platform.submit_case(draft())
    assert case.state is SubmitState.ACCEPTED
    rating = _rating(case.code, Level.BASICALLY_SATISFIED, ())
    kiosk_platform.submit_evaluation(rating)
    assert _row_state(data_dir, rating.evaluation_id) == ("accepted", None)
    assert _report(platform_server)["levels"]["basically_satisfied"] == 1
