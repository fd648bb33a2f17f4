"""A full declaration and pickup, headless, every logger at DEBUG: the logs hold
none of the resident's name, ID number, address or phone; the outbox on disk holds
none in clear; journey end and cancel leave nothing personal in the sessions."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from flows.declaration import DeclarationSession, DeclarationState
from kiosk.paths import SAMPLE_IDENTITIES
from kvlog import KeyValueFormatter
from platform_sim.server import RunningServer
from tests.reliability.journey import (
    Kiosk,
    clerk_loads_certificate,
    close_drop_door,
    collect,
    declare_until_review,
    wipe_check,
)

PERSON = json.loads(SAMPLE_IDENTITIES.read_text(encoding="utf-8"))["people"][0]
PHONE = "13800138001"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.setFormatter(KeyValueFormatter())
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        self.lines.append(line)


@pytest.fixture
def all_logs() -> Iterator[Capture]:
    capture = Capture()
    root = logging.getLogger()
    old_level = root.level
    loggers = [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]
    old = {lg.name: lg.level for lg in loggers}
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
    for name in ("urllib3", "uvicorn", "uvicorn.error", "fastapi", "PIL", "statemachine"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    yield capture
    root.removeHandler(capture)
    root.setLevel(old_level)
    for lg in loggers:
        lg.setLevel(old.get(lg.name, logging.NOTSET))


def secrets() -> dict[str, str]:
    address = PERSON["address"]
    return {
        "name": PERSON["name"],
        "id_number": PERSON["id_number"],
        "id_number_tail": PERSON["id_number"][-8:],
        "address": address,
        "address_fragment": address[6:16],
        "phone": PHONE,
    }


def test_full_journey_logs_no_personal_data(
    platform_sim: RunningServer, tmp_path: Path, all_logs: Capture
) -> None:
    k = Kiosk(platform_sim.url, tmp_path / "data")
    try:
        flow = declare_until_review(k, person=0, phone=PHONE)
        assert flow.session.form.get("name") == PERSON["name"], "the form really held the name"
        flow.submit()
        close_drop_door(k)
        k.settle("declaration done", lambda: flow.state is DeclarationState.DONE)
        result = flow.session.result
        assert result is not None and result.code.startswith("CASE-")
        session = flow.session
        flow.finish()
        assert flow.state is DeclarationState.IDLE
        assert wipe_check(session) == [], "journey end leaves personal data in the session"
        assert wipe_check(flow.session) == []

        pickup = clerk_loads_certificate(k, result.code)
        collect(k, pickup)
        k.collection.finish()
        # the outbox's payloads on disk: encrypted, then purged after acceptance
        outbox_bytes = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("outbox*"))
    finally:
        k.close()

    text = "\n".join(all_logs.lines)
    print(f"journey {result.code}: {len(all_logs.lines)} log lines at DEBUG from every logger")
    found = {what: value for what, value in secrets().items() if value in text}
    for what, value in secrets().items():
        print(f"  {what}: {'FOUND' if what in found else 'absent'}")
        assert value.encode() not in outbox_bytes, f"{what} in clear in the outbox file"
    leaks = [line for line in all_logs.lines if any(v in line for v in found.values())]
    assert not found, leaks[:5]


def test_cancel_mid_journey_wipes_the_session(platform_sim: RunningServer, tmp_path: Path) -> None:
    k = Kiosk(platform_sim.url, tmp_path / "data")
    try:
        flow = declare_until_review(k)
        session: DeclarationSession = flow.session
        assert session.applicant is not None and session.pages
        flow.cancel()  # what the idle timeout does too (IdleWatcher -> reset)
        print("after cancel, session fields still set:", wipe_check(session))
        assert flow.state is DeclarationState.IDLE
        assert wipe_check(session) == [] and wipe_check(flow.session) == []
    finally:
        k.close()
