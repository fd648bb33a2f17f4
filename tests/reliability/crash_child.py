"""The kiosk side of the kill -9 test, run as a subprocess:

    python -m tests.reliability.crash_child URL OUTBOX_DIR SCENARIO PAUSE_AT

It submits two cases through KioskPlatform (store, then one synchronous send)
and reports a materials_deposited event for each. At each point of ``PAUSE_AT`` (comma-separated) it prints
``PAUSED <point>`` and waits on stdin, so the test can kill it with SIGKILL at
exactly that point (or answer ``go``). It prints ``STORED <what>`` the moment a
case or event is durably in the outbox: from then on it is the kiosk's promise.
Only the second case is paused; the first one goes through normally.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.domain import CaseDraft, CaseEvent, CaseEventKind
from offline_cache.catalog_cache import CatalogCache
from offline_cache.client import PlatformClient
from offline_cache.forwarder import Forwarder
from offline_cache.outbox import Outbox, OutboxCase
from offline_cache.platform_port import KioskPlatform
from platform_sim.seed import DEMO_TERMINAL_ID, DEMO_TERMINAL_TOKEN
from tests.platform.helpers import draft

PAUSE_AT: set[str] = set()


def say(line: str) -> None:
    print(line, flush=True)


def pause(point: str) -> None:
    if point in PAUSE_AT:
        say(f"PAUSED {point}")
        if sys.stdin.readline().strip() != "go":
            raise SystemExit(3)


def second(key: str) -> bool:
    return key.endswith("-2")


def install_hooks() -> None:
    add_case = Outbox.add_case
    case_accepted = Outbox.case_accepted
    add_event = Outbox.add_event
    event_accepted = Outbox.event_accepted

    def hooked_add_case(self: Outbox, d: CaseDraft) -> OutboxCase:
        if second(d.idempotency_key):
            pause("before_store")
        stored = add_case(self, d)
        say(f"STORED {d.idempotency_key}")
        if second(d.idempotency_key):
            pause("after_store")
        return stored

    def hooked_case_accepted(self: Outbox, key: str, case_code: str) -> None:
        if second(key):
            pause("accepted_not_recorded")
        case_accepted(self, key, case_code)

    def hooked_add_event(self: Outbox, event: CaseEvent) -> None:
        add_event(self, event)
        say(f"STORED {event.event_id}")

    def hooked_event_accepted(self: Outbox, event_id: str) -> None:
        if second(event_id):
            pause("event_accepted_not_recorded")
        event_accepted(self, event_id)

    hooks: dict[str, Callable[..., Any]] = {
        "add_case": hooked_add_case,
        "case_accepted": hooked_case_accepted,
        "add_event": hooked_add_event,
        "event_accepted": hooked_event_accepted,
    }
    for name, fn in hooks.items():
        setattr(Outbox, name, fn)


def main(url: str, outbox_dir: Path, scenario: str) -> int:
    install_hooks()
    client = PlatformClient(url, DEMO_TERMINAL_TOKEN, timeout=60.0, connect_timeout=1.0, retries=0)
    outbox = Outbox.open(outbox_dir, DEMO_TERMINAL_ID)
    cache = CatalogCache(outbox_dir / "catalog.sqlite3", client)
    platform = KioskPlatform(client, outbox, cache, None, sync_timeout=60.0)
    for n in (1, 2):
        d = dataclasses.replace(draft(person=n - 1), idempotency_key=f"{scenario}-case-{n}")
        result = platform.submit_case(d)
        say(f"SUBMITTED {d.idempotency_key} {result.state.value}")
        ref = result.code if not result.provisional else result.idempotency_key
        platform.report_event(
            CaseEvent(
                CaseEventKind.MATERIALS_DEPOSITED,
                ref,
                compartment_id=f"A0{n}",
                event_id=f"{scenario}-event-{n}",
            )
        )
    pause("before_forwarder_pass")
    Forwarder(outbox, client).drain()
    say("DONE")
    platform.close()
    return 0


if __name__ == "__main__":
    PAUSE_AT = set(sys.argv[4].split(","))
    raise SystemExit(main(sys.argv[1], Path(sys.argv[2]), sys.argv[3]))
