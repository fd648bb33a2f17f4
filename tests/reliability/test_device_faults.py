"""Device peers failing mid-journey (card reader unplugged, printer out of paper,
locker board not answering, door jammed): a plain message, a safe way on, and the
platform holds the case exactly once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.sim._common import UNPLUGGED
from flows import messages
from flows.collection import CollectionState
from flows.declaration import DeclarationState
from tests.reliability.conftest import Sim
from tests.reliability.helpers import platform_holds
from tests.reliability.journey import (
    MATTER,
    Kiosk,
    clerk_loads_certificate,
    close_drop_door,
    declare_until_review,
)

D = DeclarationState


@pytest.fixture
def kiosk(sim: Sim, tmp_path: Path) -> Iterator[Kiosk]:
    k = Kiosk(sim.url, tmp_path / "data")
    yield k
    k.close()


def held_once(sim: Sim, key: str) -> None:
    keys = platform_holds(sim.db_path).case_keys
    assert keys.count(key) == 1, keys


def test_card_reader_unplugged_then_replugged(kiosk: Kiosk) -> None:
    flow = kiosk.declaration
    kiosk.sims.id_reader.unplug()
    flow.start()  # the matter and its guide first, then the card
    kiosk.settle("catalogue", lambda: flow.session.catalog is not None)
    flow.choose_matter(MATTER)
    flow.proceed()
    kiosk.settle("a message", lambda: flow.session.message is not None)
    print("card reader unplugged:", flow.session.message)
    assert flow.session.message == UNPLUGGED and flow.state is D.READING_CARD
    kiosk.sims.id_reader.replug()
    flow.retry()  # the safe way on: try again (or cancel)
    kiosk.sims.id_reader.place_card(0)
    kiosk.settle("card read after replug", lambda: flow.state is D.FACE_CONSENT)
    flow.consent(True)
    kiosk.settle("face checked", lambda: flow.state is D.FILLING_FORM)


def test_printer_out_of_paper_keeps_the_code_on_screen(kiosk: Kiosk, sim: Sim) -> None:
    flow = declare_until_review(kiosk)
    kiosk.sims.printer.paper_out = True
    flow.submit()
    close_drop_door(kiosk)
    kiosk.settle("done", lambda: flow.state is D.DONE)
    s = flow.session
    print("printer out of paper:", s.message, "| code on screen:", s.result and s.result.code)
    assert s.receipt_failed and s.message == messages.RECEIPT_FAILED
    assert s.result is not None and s.result.code.startswith("CASE-")
    assert s.draft is not None
    held_once(sim, s.draft.idempotency_key)


@pytest.mark.parametrize("fault", ["board_not_answering", "door_jammed"])
def test_drop_locker_fault_lets_the_resident_hand_originals_to_staff(
    kiosk: Kiosk, sim: Sim, fault: str
) -> None:
    flow = declare_until_review(kiosk)
    lockers = kiosk.sims.lockers
    if fault == "board_not_answering":
        lockers.unplug()
    else:
        for c in lockers.compartments():
            lockers.jam(c.id)
    flow.submit()
    kiosk.settle("door fault", lambda: flow.session.message == messages.DOOR_FAULT)
    print(f"{fault}: {flow.session.message}")
    assert flow.state is D.DEPOSITING
    flow.skip_deposit()  # the safe way on
    kiosk.settle("done", lambda: flow.state is D.DONE)
    s = flow.session
    assert s.result is not None and s.draft is not None and kiosk.sims.printer.printed
    held_once(sim, s.draft.idempotency_key)


def test_pickup_door_fault_keeps_the_code_valid(kiosk: Kiosk, sim: Sim) -> None:
    flow = declare_until_review(kiosk)
    flow.submit()
    close_drop_door(kiosk)
    kiosk.settle("done", lambda: flow.state is D.DONE)
    assert flow.session.result is not None
    code = flow.session.result.code
    flow.finish()
    pickup = clerk_loads_certificate(kiosk, code)

    kiosk.sims.lockers.unplug()
    c = kiosk.collection
    c.start()
    c.enter_code(pickup)
    kiosk.settle("failed", lambda: c.state is CollectionState.FAILED)
    print("pickup door fault:", c.session.message)
    assert c.session.message == messages.PICKUP_DOOR_FAULT
    c.cancel()
    # nothing was handed out: the code still works once the board is back
    kiosk.sims.lockers.replug()
    assert kiosk.platform.verify_pickup_code(pickup).case_code == code
    assert kiosk.platform.case_status(code).status.value != "collected"
