"""StaffPresenter: the staff flow's state -> its screen, taps -> flow methods."""

from __future__ import annotations

from device_contracts import Text
from flows import staff_messages as msg
from flows.staff import StaffFlow
from kiosk.presenters.base import Presenter, ScreenSet
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.busy import BusyScreen
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.screens.site_setup import SiteSetupScreen
from kiosk.ui.screens.staff import (
    DoorScreen,
    LoadCaseScreen,
    MaintenanceScreen,
    PinScreen,
    RetrievalScreen,
    StaffCardScreen,
    StaffMenuScreen,
)
from kiosk.ui.widgets.tr import K

#: states whose screen explains the flow's message itself (no banner)
_NO_BANNER = frozenset({"staff_locked", "loaded"})
_DOOR_STATES = frozenset({"drop_open", "closing_drop", "loading_door"})
_SAID_BY_SCREEN = (msg.CLOSE_DROP, msg.PUT_CERTIFICATE)
#: states the footer's back button leads out of (to the menu)
_BACK = frozenset({"retrieval", "load_case", "maintenance", "loaded", "site_setup"})


class StaffScreens(ScreenSet):
    def __init__(self) -> None:
        self.staff_card = StaffCardScreen()
        self.staff_pin = PinScreen()
        self.checking_pin = BusyScreen("checking_pin", "staff.checking_pin")
        self.staff_locked = ResultScreen(
            "staff_locked",
            "error",
            "staff.locked.title",
            "staff.locked.body",
            "common.back_home",
            "btn_staff_exit",
        )
        self.staff_menu = StaffMenuScreen()
        self.listing_cases = BusyScreen("listing_cases", "retrieval.listing")
        self.retrieval = RetrievalScreen()
        self.opening_drop = BusyScreen("opening_drop", "opening_drop.title")
        self.drop_open = DoorScreen(
            "drop_open",
            "drop_open.title",
            "drop_open.body",
            (
                ("taken", "drop_open.taken", "primary"),
                ("missing", "drop_open.missing", "secondary"),
                ("extra", "drop_open.extra", "secondary"),
            ),
        )
        self.closing_drop = DoorScreen("closing_drop", "drop_open.title", "closing_drop.body")
        self.printing_slip = BusyScreen("printing_slip", "printing_slip.title")
        self.load_case = LoadCaseScreen()
        self.checking_case = BusyScreen("checking_case", "checking_case.title")
        self.opening_pickup = BusyScreen("opening_pickup", "opening_pickup.title")
        self.loading_door = DoorScreen("loading_door", "loading_door.title", "loading_door.body")
        self.recording_load = BusyScreen("recording_load", "recording_load.title")
        self.loaded = ResultScreen(
            "loaded", "ok", "loaded.title", "loaded.title", "loaded.next", "btn_next_case"
        )
        self.maintenance = MaintenanceScreen()
        self.site_setup = SiteSetupScreen()
        self.saving_config = BusyScreen("saving_config", "setup.saving")


class StaffPresenter(Presenter[StaffFlow, StaffScreens]):
    """Drives the staff screens; :meth:`begin` (staff card) or :meth:`begin_gesture`."""

    def __init__(self, flow: StaffFlow, shell: Shell, screens: StaffScreens | None = None) -> None:
        super().__init__(flow, shell, screens or StaffScreens.build())

    def begin(self) -> None:
        self.active = True
        self.flow.start()
        self.refresh()

    def begin_gesture(self) -> None:
        self.active = True
        self.flow.start_gesture()
        self.refresh()

    def idle_reset_allowed(self) -> bool:
        return False  # staff mode has its own, shorter timeout in the flow

    def back(self) -> None:
        if self.state in _BACK:
            self.flow.back()
        else:
            self.cancel()

    def cancel(self) -> None:
        self.flow.logout()

    def reset(self) -> None:
        self.flow.reset()

    def _render_state(self, state: str, previous: str) -> None:
        screen = self.screens.for_state(state)
        if screen is None:
            return
        s = self.flow.session
        sc = self.screens
        if state == "staff_pin":
            if previous != "staff_pin":
                sc.staff_pin.reset_entry()
            sc.staff_pin.set_busy(s.busy)
        elif state == "staff_locked":
            sc.staff_locked.set_body(s.message)
        elif state == "staff_menu" and s.member is not None:
            sc.staff_menu.show_member(
                s.member.staff_id, s.member.role.value, self.flow.settings.staff_timeout
            )
        elif state == "retrieval":
            sc.retrieval.show_items(s.items, s.busy)
        elif state in {"drop_open", "closing_drop"} and s.current is not None:
            matter = s.current.matter_name
            detail = K("drop_open.case", case=s.current.case_ref)
            if matter is not None:
                detail = K("loaded.body_case", case=s.current.case_ref, matter=matter)
            screen_door = sc.drop_open if state == "drop_open" else sc.closing_drop
            screen_door.show_door(s.current.compartment_id, detail)
        elif state == "load_case":
            if previous != "load_case":
                sc.load_case.reset_entry()
            sc.load_case.show_entry(size=s.size.value, loaded=s.loaded, busy=s.busy)
        elif state == "loading_door" and s.compartment is not None:
            sc.loading_door.show_door(s.compartment.id, K("drop_open.case", case=s.case_code))
        elif state == "loaded" and s.loaded:
            case, compartment = s.loaded[-1]
            sc.loaded.set_body(s.message or K("loaded.body", case=case, compartment=compartment))
        elif state == "maintenance":
            sc.maintenance.show_status(
                s.checks, dict(s.tests), s.log_lines, s.audit, s.camera_frame, s.busy
            )
        elif state == "site_setup":
            sc.site_setup.show_setup(s.setup, s.busy)
        # staff leave through "log out" on the menu; cancel only before the login is done
        self.shell.set_footer(back=state in _BACK, cancel=state in {"staff_card", "staff_pin"})
        self.shell.set_steps((), 0)
        self.shell.show_message(self._banner(state, s.message), self._kind(state))
        self.shell.show_screen(screen)

    def _banner(self, state: str, message: Text | None) -> Text | None:
        if state in _NO_BANNER:
            return None
        if state in _DOOR_STATES and message in _SAID_BY_SCREEN:
            return None  # the door screen gives the instruction itself
        return message

    def _kind(self, state: str) -> str:
        return "error"

    def _connect(self, sc: StaffScreens) -> None:
        flow = self.flow
        retrieval, loading = flow.retrieval, flow.loading
        maintenance, setup = flow.maintenance, flow.site_setup
        sc.staff_pin.pin_submitted.connect(flow.enter_pin)
        sc.staff_locked.clicked.connect(flow.logout)
        sc.staff_menu.chosen.connect(self._menu)
        sc.retrieval.open_clicked.connect(retrieval.open_drop)
        sc.retrieval.finish_clicked.connect(retrieval.finish_retrieval)
        sc.drop_open.chosen.connect(retrieval.confirm)
        sc.load_case.case_submitted.connect(loading.enter_case)
        sc.load_case.size_chosen.connect(loading.set_size)
        sc.loaded.clicked.connect(loading.next_case)
        sc.maintenance.test_clicked.connect(maintenance.run_test)
        sc.maintenance.refresh_clicked.connect(maintenance.refresh_status)
        sc.maintenance.setup_clicked.connect(flow.open_setup)
        screen = sc.site_setup
        screen.section_chosen.connect(setup.choose_section)
        screen.value_edited.connect(setup.set_value)
        screen.driver_chosen.connect(setup.choose_driver)
        screen.cell_chosen.connect(setup.choose_cell)
        screen.cell_edited.connect(setup.edit_compartment)
        screen.cell_action.connect(
            lambda action: (
                setup.add_compartment() if action == "add" else setup.remove_compartment()
            )
        )
        screen.grow.connect(setup.grow)
        screen.test_clicked.connect(setup.test_device)
        screen.save_clicked.connect(setup.save)

    def _menu(self, action: str) -> None:
        {
            "retrieve": self.flow.retrieve,
            "load": self.flow.load,
            "maintain": self.flow.maintain,
            "logout": self.flow.logout,
        }[action]()
