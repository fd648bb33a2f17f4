"""Site setup in staff mode, headless: entering, editing as data, driver switch,
the compartment grid, live tests off the GUI thread, save refused and saved."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from device_contracts import CompartmentRole, CompartmentSize
from flows.loop import ManualLoop
from flows.settings import FlowSettings
from flows.staff import StaffFlow, StaffState
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.platform import FakePlatform
from tests.fakes.site_setup import FakeSiteSetup
from tests.fakes.staff import (
    CLERK_CARD,
    CLERK_PIN,
    TECH_CARD,
    TECH_PIN,
    FakeDiagnostics,
    FakeDirectory,
    FakeStaffReader,
    MemoryAudit,
)

S = StaffState


@dataclass
class SetupEnv:
    devices: FakeDevices = field(default_factory=FakeDevices)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)
    loop: ManualLoop = field(default_factory=ManualLoop)
    reader: FakeStaffReader = field(default_factory=FakeStaffReader)
    audit: MemoryAudit = field(default_factory=MemoryAudit)
    port: FakeSiteSetup = field(default_factory=FakeSiteSetup)

    def __post_init__(self) -> None:
        self.flow = StaffFlow(
            self.devices.device_set(),
            FakePlatform(),
            self.ledger,
            self.loop,
            "BJTZ-0001",
            directory=FakeDirectory(),
            audit=self.audit,
            diagnostics=FakeDiagnostics(),
            staff_reader=self.reader,
            site_setup=self.port,
            settings=FlowSettings(staff_timeout=60),
        )

    def settle(self, state: StaffState) -> None:
        assert self.loop.run_until(lambda: self.flow.state is state, 3.0), (
            f"stuck in {self.flow.state}, wanted {state}"
        )

    def until(self, cond: object) -> None:
        assert self.loop.run_until(cond, 3.0)  # type: ignore[arg-type]

    def login(self, card: str = TECH_CARD, pin: str = TECH_PIN) -> None:
        self.flow.start()
        self.reader.present(card)
        self.settle(S.ENTERING_PIN)
        self.flow.enter_pin(pin)
        self.settle(S.MENU)

    def open_setup(self) -> None:
        self.login()
        self.flow.maintain()
        self.settle(S.MAINTENANCE)
        self.flow.open_setup()
        self.settle(S.SETUP)
        self.until(lambda: self.flow.session.setup is not None)


@pytest.fixture
def env() -> SetupEnv:
    return SetupEnv()


def test_technician_opens_setup_and_the_config_is_loaded_off_the_gui_thread(
    env: SetupEnv,
) -> None:
    env.open_setup()
    draft = env.flow.session.setup
    assert draft is not None and not draft.dirty
    assert draft.get("devices.lockers.port") == "/dev/ttyUSB1"
    assert draft.sections()[:4] == ["terminal", "platform", "ui", "data"]
    assert "devices.printer" in draft.sections() and draft.sections()[-1] == "lockers"


def test_clerks_cannot_reach_setup(env: SetupEnv) -> None:
    env.login(CLERK_CARD, CLERK_PIN)
    env.flow.maintain()
    assert env.flow.state is S.MENU
    env.flow.open_setup()
    assert env.flow.state is S.MENU


def test_edits_are_data_and_back_discards_them(env: SetupEnv) -> None:
    env.open_setup()
    env.flow.site_setup.choose_section("devices.lockers")
    env.flow.site_setup.set_value("devices.lockers.baudrate", 19200)
    env.flow.site_setup.set_value("devices.lockers.polarity", "low")
    draft = env.flow.session.setup
    assert draft is not None and draft.dirty and draft.section == "devices.lockers"
    assert draft.get("devices.lockers") == {
        "driver": "rs485",
        "port": "/dev/ttyUSB1",
        "baudrate": 19200,
        "polarity": "low",
    }
    env.flow.site_setup.set_value("nonsense.key", 1)
    assert draft.get("nonsense") is None, "only the config's own sections"
    env.flow.back()
    env.settle(S.MAINTENANCE)
    assert env.flow.session.setup is None
    assert env.port.saves == []


def test_switching_a_driver_starts_from_its_options_and_can_switch_back(env: SetupEnv) -> None:
    env.open_setup()
    env.flow.site_setup.choose_driver("lockers", "modbus")
    draft = env.flow.session.setup
    assert draft is not None
    assert draft.get("devices.lockers") == {
        "driver": "modbus",
        "url": "tcp://127.0.0.1:502",
        "channels": 24,
    }
    env.flow.site_setup.choose_driver("lockers", "rs485")
    assert draft.get("devices.lockers.port") == "/dev/ttyUSB1", "the rs485 options came back"


def test_the_compartment_grid_adds_edits_and_removes(env: SetupEnv) -> None:
    env.open_setup()
    env.flow.site_setup.choose_section("lockers")
    draft = env.flow.session.setup
    assert draft is not None
    assert draft.grid() == ([1, 2], 1)
    env.flow.site_setup.grow("channel")
    env.flow.site_setup.grow("board")
    assert draft.grid() == ([1, 2, 3], 2)
    env.flow.site_setup.choose_cell(2, 2)
    env.flow.site_setup.add_compartment()
    added = draft.compartment_at(2, 2)
    assert added is not None and added[1] == {
        "id": "B02",
        "board": 2,
        "channel": 2,
        "size": "S",
        "role": "pickup",  # the board's role
    }
    env.flow.site_setup.edit_compartment("size", "L")
    env.flow.site_setup.edit_compartment("id", "B09")
    env.flow.site_setup.edit_compartment("board", 7)  # moving is not an edit: ignored
    assert draft.compartments()[-1] == {
        "id": "B09",
        "board": 2,
        "channel": 2,
        "size": "L",
        "role": "pickup",
    }
    env.flow.site_setup.choose_cell(1, 1)
    env.flow.site_setup.remove_compartment()
    assert [c["id"] for c in draft.compartments()] == ["B01", "B09"]


def test_live_tests_run_as_operations_and_never_open_an_occupied_door(env: SetupEnv) -> None:
    env.open_setup()
    env.flow.site_setup.test_device("printer")
    draft = env.flow.session.setup
    assert draft is not None and draft.tests["printer"].running
    env.flow.site_setup.test_device("printer")  # a second tap while it runs does nothing
    assert env.port.tested == [("printer", None)]
    env.port.ok("printed")
    env.until(lambda: not draft.tests["printer"].running)
    assert draft.tests["printer"].ok

    env.flow.site_setup.test_device("lockers")
    assert "lockers" in draft.tests and not draft.tests["lockers"].running, "no cell chosen"
    env.ledger.allocate(
        env.devices.lockers.compartments(),
        CompartmentRole.DROP,
        CompartmentSize.S,
        "CASE-20261122-000001",
    )
    occupied = next(iter(env.ledger.assignments()))
    cell = next(c for c in draft.compartments() if c["id"] == occupied)
    env.flow.site_setup.choose_cell(cell["board"], cell["channel"])
    env.flow.site_setup.test_device("lockers")
    assert env.port.tested == [("printer", None)], "a resident's compartment stays shut"
    env.flow.site_setup.choose_cell(2, 1)
    env.flow.site_setup.test_device("lockers")
    assert env.port.tested[-1] == ("lockers", "B01")
    assert ("door_test", "T0003", "B01", "") in env.audit.actions()


def test_an_invalid_value_is_refused_naming_its_key_and_nothing_is_saved(
    env: SetupEnv,
) -> None:
    env.open_setup()
    env.flow.site_setup.set_value("ui.idle_timeout_s", "ninety")
    env.flow.site_setup.save()
    assert env.flow.state is S.SAVING_CONFIG
    env.settle(S.SETUP)
    env.until(lambda: not env.flow.session.busy)
    draft = env.flow.session.setup
    assert draft is not None
    assert [str(p) for p in draft.problems] == ["ui.idle_timeout_s: must be a whole number"]
    assert env.flow.session.message is not None
    assert env.port.saves == [] and draft.saved is None and draft.dirty
    env.flow.site_setup.set_value("ui.idle_timeout_s", 120)
    assert draft.problems == [], "fixing the key clears its problem"


def test_a_valid_config_is_saved_with_a_backup_and_stays_open(env: SetupEnv) -> None:
    env.open_setup()
    env.flow.site_setup.set_value("ui.idle_timeout_s", 120)
    env.flow.site_setup.save()
    env.settle(S.SETUP)
    env.until(lambda: env.flow.session.setup is not None and env.flow.session.setup.saved)
    draft = env.flow.session.setup
    assert draft is not None and draft.saved is not None and not draft.dirty
    assert draft.saved.backup == "/etc/site.toml.20261123-031500.bak"
    assert env.port.saves[-1]["ui"]["idle_timeout_s"] == 120
    assert any(a[0] == "site_config_saved" for a in env.audit.actions())
    env.flow.site_setup.set_value("ui.lang", "en")
    assert draft.saved is None and draft.dirty


def test_logout_and_timeout_drop_the_draft(env: SetupEnv) -> None:
    env.open_setup()
    env.flow.site_setup.set_value("platform.token", "secret-token")
    env.loop.advance(61)
    assert env.flow.state is S.IDLE
    assert env.flow.session.setup is None
