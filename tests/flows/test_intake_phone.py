"""Phone intake on the materials step, headless on a ManualLoop, against the running
platform simulator: the kiosk's client opens the one-time link, the phone is played by
``requests`` posting to it, the real file checker decides. Time passes with the loop's
virtual clock (the kiosk's polls) and the simulator's own (the link's expiry)."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import requests

from flows.intake import POLL_S, IntakeEnd, IntakeSource, Notice
from flows.intake_machine import IntakeStep
from offline_cache.client import PlatformClient
from offline_cache.errors import UNREACHABLE
from platform_sim import clock
from platform_sim.routes_journeys import UPLOAD_TTL_S
from platform_sim.seed import DEMO_TERMINAL_TOKEN
from platform_sim.server import RunningServer, start_in_thread
from tests.flows.conftest import Env
from tests.flows.test_intake import Intake, intake_on, png
from tests.platform.helpers import free_port

MATERIAL = "photo"


class Simulator:
    """The platform simulator on a fixed port, taken down and brought back at will."""

    def __init__(self, db: Path) -> None:
        self.db, self.port = db, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.running: RunningServer | None = None

    def start(self) -> None:
        self.running = start_in_thread(self.db, port=self.port)

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None


@pytest.fixture
def simulator(tmp_path: Path) -> Iterator[Simulator]:
    sim = Simulator(tmp_path / "platform.sqlite3")
    sim.start()
    yield sim
    sim.stop()
    clock.reset()


@pytest.fixture
def phone(env: Env, tmp_path: Path, simulator: Simulator) -> Intake:
    client = PlatformClient(
        simulator.url, DEMO_TERMINAL_TOKEN, timeout=3.0, connect_timeout=0.5, retries=0
    )
    return intake_on(env, tmp_path / "no-drive", uploads=client)


def send(link: str, name: str, data: bytes) -> int:
    """The resident's phone posts a file to the link; the platform's HTTP status."""
    body = {"name": name, "mime": "image/png", "data": base64.b64encode(data).decode()}
    return requests.post(link, json=body, timeout=5).status_code


def opened(it: Intake) -> str:
    it.start(IntakeSource.PHONE, MATERIAL)
    assert it.flow.state is IntakeStep.OPENING
    it.settle(lambda: it.flow.state is not IntakeStep.OPENING)
    view = it.flow.view
    assert it.flow.state is IntakeStep.WAITING and view is not None
    assert view.notice is Notice.WAITING and view.link.startswith("http://127.0.0.1:")
    return view.link


def offered(it: Intake) -> list[str]:
    view = it.flow.view
    return [name for name, _size in view.offered] if view is not None else []


def refused(it: Intake) -> dict[str, str]:
    view = it.flow.view
    return {name: reason.en for name, reason in view.refused} if view is not None else {}


def polled(it: Intake, until: int) -> None:
    """A second passes: the kiosk asks the link, what arrived is checked."""
    it.env.loop.advance(POLL_S)
    it.settle(lambda: len(offered(it)) + len(refused(it)) >= until)


def test_what_the_phone_sends_is_checked_and_offered(phone: Intake) -> None:
    link = opened(phone)
    assert send(link, "photo.png", png(300, 400)) == 200
    assert send(link, "photo2.jpg", b"MZ\x90\x00notajpeg") == 200
    polled(phone, until=2)
    assert offered(phone) == ["photo.png"]
    assert refused(phone) == {
        "photo2.jpg": "The name says picture, but the content is not a JPG or PNG picture"
    }
    assert phone.flow.state is IntakeStep.WAITING
    view = phone.flow.view
    assert view is not None and view.notice is Notice.WAITING

    # later files come on the next polls, the earlier ones stay
    assert send(link, "申请表.pdf", b"%PDF-1.4\n" + b"1" * 65536 + b"%%EOF") == 200
    polled(phone, until=3)
    assert offered(phone) == ["photo.png"] and set(refused(phone)) == {"photo2.jpg", "申请表.pdf"}

    phone.flow.attach([0])
    phone.settle(lambda: phone.flow.state is IntakeStep.IDLE)
    assert phone.flow.ended is IntakeEnd.ADDED
    pages = phone.declaration.session.pages
    assert [(p.material_code, p.source, p.image.mime) for p in pages] == [
        (MATERIAL, "phone", "image/png")
    ]
    # the link was one-time: closed once the files were taken (the close is not waited for)
    phone.settle(lambda: send(link, "x.png", png()) == 410)


def test_what_arrived_stays_offered_when_the_link_expires(phone: Intake) -> None:
    link = opened(phone)
    assert send(link, "photo.png", png()) == 200
    polled(phone, until=1)
    clock.advance(timedelta(seconds=UPLOAD_TTL_S + 1))  # the platform drops its copy
    phone.env.loop.advance(POLL_S)
    phone.settle(lambda: phone.flow.state is IntakeStep.EXPIRED)
    assert offered(phone) == ["photo.png"], "nothing the phone sent is lost"
    assert phone.env.loop.advance(POLL_S * 10) == 0, "an ended link is asked no more"
    phone.flow.attach([0])
    phone.settle(lambda: phone.flow.state is IntakeStep.IDLE)
    assert [p.source for p in phone.declaration.session.pages] == ["phone"]


def test_a_silent_platform_is_asked_again_and_loses_nothing(
    phone: Intake, simulator: Simulator
) -> None:
    link = opened(phone)
    assert send(link, "photo.png", png()) == 200
    polled(phone, until=1)
    simulator.stop()
    phone.env.loop.advance(POLL_S)
    phone.settle(lambda: _next_poll_armed(phone))  # the silence answered, asked again
    assert phone.flow.state is IntakeStep.WAITING and offered(phone) == ["photo.png"]
    simulator.start()  # back on the same port, the link still open
    assert send(link, "photo2.png", png(200, 300)) == 200
    polled(phone, until=2)
    assert offered(phone) == ["photo.png", "photo2.png"]


def _next_poll_armed(it: Intake) -> bool:
    return it.flow._poll_timer is not None  # the next poll is due in a second


def test_no_link_when_the_platform_cannot_be_reached(phone: Intake, simulator: Simulator) -> None:
    """The platform's own words, not a device fault (the controller showed
    "设备故障，请联系工作人员": its blocking call dropped the platform's message)."""
    simulator.stop()
    phone.start(IntakeSource.PHONE, MATERIAL)
    phone.settle(lambda: phone.flow.state is not IntakeStep.OPENING)
    assert phone.flow.state is IntakeStep.NO_LINK
    view = phone.flow.view
    assert view is not None and view.notice == UNREACHABLE and view.link == ""


def test_leaving_closes_the_link(phone: Intake) -> None:
    link = opened(phone)
    phone.flow.cancel()
    assert phone.flow.ended is IntakeEnd.LEFT and phone.flow.view is None
    phone.settle(lambda: send(link, "x.png", png()) == 410)


def test_another_intake_closes_the_first_link(phone: Intake) -> None:
    first = opened(phone)
    second = opened(phone)
    assert second != first and phone.flow.ended is None
    phone.settle(lambda: send(first, "x.png", png()) == 410)
    assert send(second, "photo.png", png()) == 200
