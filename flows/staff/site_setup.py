"""The technician's site setup, opened from the maintenance page: the site config
loaded off the GUI thread into a draft (flows/site_setup.py: ``SetupDraft``), edited
as plain data (sections, values, drivers, the compartment grid), devices live-tested
as the draft configures them, and saved with validation and a backup. Back (or a
config that cannot be read) returns to the maintenance page, dropping the draft."""

from __future__ import annotations

import copy
import logging
from typing import Any

from statemachine import StateMachine

from device_contracts import Completion, Operation
from flows import staff_messages as msg
from flows.ports import FlowLoop
from flows.site_setup import (
    ConfigProblem,
    DeviceTestReport,
    LoadedConfig,
    SaveOutcome,
    SetupDraft,
    SetupTestResult,
)
from flows.staff.journey import JourneyEnded, StaffDesk, StaffJourney
from flows.staff.states import StaffState as S
from flows.staff.states import journey_frame, machine_states

log = logging.getLogger(__name__)


class SiteSetupMachine(StateMachine):
    s = machine_states(S.IDLE, S.SETUP, S.SAVING_CONFIG)

    begin, back, leave = journey_frame(s, s.setup, s.setup)
    save = s.setup.to(s.saving_config)
    saved = s.saving_config.to(s.setup)
    save_refused = s.saving_config.to(s.setup)


class SiteSetupFlow(StaffJourney):
    """Edits come from the screen's fields; each is ignored unless a draft is open
    and nothing is loading or saving."""

    def __init__(self, desk: StaffDesk, loop: FlowLoop, ended: JourneyEnded) -> None:
        super().__init__("staff.site_setup", SiteSetupMachine(), desk, loop, ended)
        self._entry = {S.SETUP: self._load, S.SAVING_CONFIG: self._save}

    def choose_section(self, section: str) -> None:
        """Show one section of the config: "terminal", "devices.printer", "lockers" ..."""
        draft = self._draft()
        if draft is not None and section in draft.sections():
            draft.section = section
            self._changed()

    def set_value(self, key: str, value: object) -> None:
        """Set a config value (dotted key); ``None`` removes an optional key. Only data:
        the value is checked when the config is saved."""
        draft = self._draft()
        if draft is None or key.split(".", 1)[0] not in {*draft.data, *draft.sections()}:
            return
        draft.set(key, value)
        self._edited(draft, key)

    def choose_driver(self, kind: str, driver: str) -> None:
        """Choose device ``kind``'s driver; its options start from the driver's defaults."""
        draft, port = self._draft(), self.desk.site_setup
        if draft is None or port is None or kind not in draft.device_kinds():
            return
        draft.switch_driver(kind, driver, port.driver_options(kind, driver))
        draft.tests.pop(kind, None)
        self._edited(draft, f"devices.{kind}.driver")

    def choose_cell(self, board: int, channel: int) -> None:
        """Select a cell of the compartment grid (board x channel)."""
        draft = self._draft()
        if draft is not None:
            draft.cell = (board, channel)
            self._changed()

    def edit_compartment(self, option: str, value: object) -> None:
        """Change the selected compartment's ``id``, ``size`` or ``role``."""
        draft = self._draft()
        if draft is None or draft.cell is None or option not in {"id", "size", "role"}:
            return
        found = draft.compartment_at(*draft.cell)
        if found is None:
            return
        index, entry = found
        entry[option] = value
        self._edited(draft, f"lockers.compartments[{index}].{option}")

    def add_compartment(self) -> None:
        """A compartment in the selected empty cell."""
        draft = self._draft()
        if draft is None or draft.cell is None or draft.compartment_at(*draft.cell):
            return
        draft.add_compartment(*draft.cell)
        self._edited(draft, "lockers.compartments")

    def remove_compartment(self) -> None:
        draft = self._draft()
        if draft is None or draft.cell is None:
            return
        draft.remove_compartment(*draft.cell)
        self._edited(draft)

    def grow(self, what: str) -> None:
        """Add a row ("board") or a column ("channel") to the grid."""
        draft = self._draft()
        if draft is None:
            return
        if what == "board":
            boards, _ = draft.grid()
            draft.extra_boards.add(max(boards) + 1)
        elif what == "channel":
            draft.extra_channels += 1
        self._changed()

    def test_device(self, kind: str) -> None:
        """Live-test device ``kind`` as the draft configures it (off the GUI thread)."""
        draft, port = self._draft(), self.desk.site_setup
        if draft is None or port is None or kind not in draft.device_kinds():
            return
        current = draft.tests.get(kind)
        if current is not None and current.running:
            return
        target = None
        if kind == "lockers":
            target = self._door_to_test(draft)
            if target is None:
                self._changed()
                return
            self.desk.record("door_test", target, detail="site setup")
        draft.tests[kind] = SetupTestResult(running=True, text=msg.TEST_RUNNING)
        op = port.test_device(kind, copy.deepcopy(draft.data), target)
        # any_state: a result that lands while a save runs is still shown after it
        self._watch(op, lambda c: self._on_tested(kind, c), any_state=True)
        self._changed()

    def save(self) -> None:
        """Validate and save the draft (the previous file is backed up)."""
        draft = self._draft()
        if draft is not None:
            self._fire("save")

    def _load(self) -> None:
        s, port = self.session, self.desk.site_setup
        if s.setup is not None or port is None:
            return  # back from saving: keep editing the same draft
        s.message = None
        s.busy = True
        op: Operation[LoadedConfig] = Operation.blocking("setup.load", port.load, 10)
        self._watch(op, self._on_loaded)

    def _on_loaded(self, c: Completion[LoadedConfig]) -> None:
        s = self.session
        s.busy = False
        if not c.ok or c.value is None:
            s.message = msg.SETUP_LOAD_FAILED
            log.error("site config not loaded", extra={"flow": "staff", "code": c.code.value})
            self._fire("back")
            return
        s.setup = SetupDraft.of(c.value)

    def _draft(self) -> SetupDraft | None:
        self.desk.touch()
        if self.state is not S.SETUP or self.session.busy:
            return None
        return self.session.setup

    def _edited(self, draft: SetupDraft, *keys: str) -> None:
        draft.saved = None
        if keys:
            draft.problems = [p for p in draft.problems if p.key not in keys]
        self._changed()

    def _door_to_test(self, draft: SetupDraft) -> str | None:
        """The compartment a lockers test opens: the selected one, if it is empty."""
        found = draft.compartment_at(*draft.cell) if draft.cell is not None else None
        if found is None:
            draft.tests["lockers"] = SetupTestResult(False, text=msg.NO_COMPARTMENT_SELECTED)
            return None
        compartment_id = str(found[1].get("id", ""))
        if compartment_id in self.desk.ledger.assignments():
            draft.tests["lockers"] = SetupTestResult(False, text=msg.SETUP_TEST_BUSY_DOOR)
            return None
        return compartment_id

    def _on_tested(self, kind: str, c: Completion[DeviceTestReport]) -> None:
        draft = self.session.setup
        if draft is None or self.state not in {S.SETUP, S.SAVING_CONFIG}:
            return
        report = c.value if c.ok else None
        draft.tests[kind] = SetupTestResult(
            running=False,
            ok=c.ok,
            text=report.text if report is not None else c.text,
            image=report.image if report is not None else None,
        )
        log.info("setup test", extra={"flow": "staff", "device": kind, "code": c.code.value})

    def _save(self) -> None:
        draft, port = self.session.setup, self.desk.site_setup
        assert draft is not None and port is not None
        self.session.busy = True
        data = copy.deepcopy(draft.data)
        op: Operation[SaveOutcome] = Operation.blocking("setup.save", lambda: port.save(data), 30)
        self._watch(op, lambda c: self._on_saved(c, data))

    def _on_saved(self, c: Completion[SaveOutcome], data: dict[str, Any]) -> None:
        s = self.session
        draft = s.setup
        assert draft is not None
        s.busy = False
        outcome = c.value
        if not c.ok or outcome is None:
            draft.problems = [ConfigProblem("", msg.SETUP_SAVE_FAILED.en)]
            s.message = msg.SETUP_SAVE_FAILED
            log.error("site config not saved", extra={"flow": "staff", "code": c.code.value})
            self._fire("save_refused")
            return
        if not outcome.ok:
            draft.problems = list(outcome.problems)
            s.message = msg.SETUP_INVALID
            log.info(
                "site config refused",
                extra={"flow": "staff", "keys": [p.key for p in outcome.problems][:10]},
            )
            self._fire("save_refused")
            return
        draft.problems = []
        draft.saved = outcome
        draft.loaded = data
        s.message = None
        self.desk.record(
            "site_config_saved", detail="backup kept" if outcome.backup else "new file"
        )
        log.info("site config saved", extra={"flow": "staff", "backup": outcome.backup is not None})
        self._fire("saved")
