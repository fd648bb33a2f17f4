"""Re-registering a terminal needs its current token or a back-office reset
(issue 13 item 8).

Before: anyone holding the site's enrolment token (every installer's laptop) could
register an existing terminal id again and get a fresh token for it: the real
kiosk's token stopped working and the caller spoke as that kiosk.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
import requests

from kiosk.bench.fleet.agent import register
from platform_sim import clock
from platform_sim.routes_terminals import DEMO_ENROLMENT_TOKEN, RESET_VALIDITY
from platform_sim.server import RunningServer
from tests.platform.helpers import backoffice, session

SITE = "通州区政务服务中心 24小时自助服务区"


@pytest.fixture(autouse=True)
def _real_time() -> Iterator[None]:
    yield
    clock.reset()


def _enrol(api: str, terminal_id: str, current: str | None = None) -> requests.Response:
    headers = {"Authorization": f"Bearer {DEMO_ENROLMENT_TOKEN}"}
    if current is not None:
        headers["X-Current-Token"] = current
    return requests.post(
        api + "/terminals/register",
        json={"terminal_id": terminal_id, "site": SITE},
        headers=headers,
        timeout=5,
    )


def _works(api: str, terminal_id: str, token: str) -> bool:
    beat = session(token).post(
        f"{api}/terminals/{terminal_id}/heartbeat", json={"outbox": {"depth": 0}}, timeout=5
    )
    return beat.status_code == 200


def test_rotation_needs_the_current_token(platform_sim: RunningServer) -> None:
    api = platform_sim.url + "/api/v1"
    first = register(platform_sim.url, DEMO_ENROLMENT_TOKEN, "BJTZ-0009", SITE)

    hijack = _enrol(api, "BJTZ-0009")
    assert hijack.status_code == 409 and hijack.json()["error"] == "already_registered"
    assert "token" not in hijack.json()
    wrong = _enrol(api, "BJTZ-0009", current="not-the-token")
    assert wrong.status_code == 409
    assert _works(api, "BJTZ-0009", first.token)  # the kiosk was not cut off

    # the kiosk itself rotates, proving it holds the current token
    second = register(
        platform_sim.url, DEMO_ENROLMENT_TOKEN, "BJTZ-0009", SITE, current_token=first.token
    )
    assert second.token != first.token
    assert _works(api, "BJTZ-0009", second.token) and not _works(api, "BJTZ-0009", first.token)
    # a seeded terminal likewise
    assert _enrol(api, "BJTZ-0001").status_code == 409


def test_a_back_office_reset_allows_one_new_enrolment(platform_sim: RunningServer) -> None:
    api = platform_sim.url + "/api/v1"
    lost = register(platform_sim.url, DEMO_ENROLMENT_TOKEN, "BJTZ-0010", SITE)
    # a terminal cannot reset itself (or another)
    url = f"{api}/backoffice/terminals/BJTZ-0010/reset"
    assert session(lost.token).post(url, timeout=5).status_code == 403
    assert (
        backoffice().post(f"{api}/backoffice/terminals/NOPE-0001/reset", timeout=5).status_code
        == 404
    )

    # the kiosk's disk died with its token: the back office resets, the old token is dead
    reset = backoffice().post(url, timeout=5)
    assert reset.status_code == 200, reset.text
    assert not _works(api, "BJTZ-0010", lost.token)
    again = _enrol(api, "BJTZ-0010")
    assert again.status_code == 200 and again.json()["rotated"] is True
    assert _works(api, "BJTZ-0010", again.json()["token"])
    assert _enrol(api, "BJTZ-0010").status_code == 409  # the reset is spent

    # a reset nobody used expires
    assert backoffice().post(url, timeout=5).status_code == 200
    clock.advance(RESET_VALIDITY + timedelta(seconds=1))
    assert _enrol(api, "BJTZ-0010").status_code == 409
