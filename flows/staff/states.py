"""Staff mode (工作人员模式) as states and transitions: login with a staff card + PIN
(or the hidden technician gesture + PIN), then the clerk's retrieval and
certificate loading, or the technician's maintenance page and site setup."""

from __future__ import annotations

import enum
from typing import Protocol

from statemachine import State, StateMachine


class StaffState(enum.StrEnum):
    IDLE = "idle"
    WAITING_CARD = "staff_card"
    ENTERING_PIN = "staff_pin"
    CHECKING_PIN = "checking_pin"
    LOCKED = "staff_locked"
    MENU = "staff_menu"
    LISTING = "listing_cases"
    RETRIEVAL = "retrieval"
    OPENING_DROP = "opening_drop"
    DROP_OPEN = "drop_open"
    CLOSING_DROP = "closing_drop"
    PRINTING_SLIP = "printing_slip"
    ENTERING_CASE = "load_case"
    CHECKING_CASE = "checking_case"
    OPENING_PICKUP = "opening_pickup"
    LOADING_DOOR = "loading_door"
    RECORDING = "recording_load"
    LOADED = "loaded"
    MAINTENANCE = "maintenance"
    SETUP = "site_setup"
    SAVING_CONFIG = "saving_config"


class StaffGuards(Protocol):
    def is_clerk(self) -> bool: ...

    def is_technician(self) -> bool: ...


class StaffMachine(StateMachine):
    idle = State(initial=True, value=StaffState.IDLE)
    waiting_card = State(value=StaffState.WAITING_CARD)
    entering_pin = State(value=StaffState.ENTERING_PIN)
    checking_pin = State(value=StaffState.CHECKING_PIN)
    locked = State(value=StaffState.LOCKED)
    menu = State(value=StaffState.MENU)
    listing = State(value=StaffState.LISTING)
    retrieval = State(value=StaffState.RETRIEVAL)
    opening_drop = State(value=StaffState.OPENING_DROP)
    drop_open = State(value=StaffState.DROP_OPEN)
    closing_drop = State(value=StaffState.CLOSING_DROP)
    printing_slip = State(value=StaffState.PRINTING_SLIP)
    entering_case = State(value=StaffState.ENTERING_CASE)
    checking_case = State(value=StaffState.CHECKING_CASE)
    opening_pickup = State(value=StaffState.OPENING_PICKUP)
    loading_door = State(value=StaffState.LOADING_DOOR)
    recording = State(value=StaffState.RECORDING)
    loaded = State(value=StaffState.LOADED)
    maintenance = State(value=StaffState.MAINTENANCE)
    site_setup = State(value=StaffState.SETUP)
    saving_config = State(value=StaffState.SAVING_CONFIG)

    # login
    start = idle.to(waiting_card)
    gesture = idle.to(entering_pin)
    card_read = waiting_card.to(entering_pin)
    pin_entered = entering_pin.to(checking_pin)
    pin_ok = checking_pin.to(menu)
    pin_wrong = checking_pin.to(entering_pin)
    pin_locked = checking_pin.to(locked)
    # clerk: retrieval of the overnight drop compartments
    retrieve = menu.to(listing, cond="is_clerk")
    listed = listing.to(retrieval)
    list_failed = listing.to(menu)
    open_drop = retrieval.to(opening_drop)
    drop_opened = opening_drop.to(drop_open)
    drop_failed = opening_drop.to(retrieval)
    outcome_chosen = drop_open.to(closing_drop)
    drop_closed = closing_drop.to(retrieval)
    finish_retrieval = retrieval.to(printing_slip)
    slip_done = printing_slip.to(menu)
    # clerk: certificate loading
    load = menu.to(entering_case, cond="is_clerk")
    case_entered = entering_case.to(checking_case)
    case_refused = checking_case.to(entering_case)
    case_ok = checking_case.to(opening_pickup)
    pickup_opened = opening_pickup.to(loading_door)
    pickup_failed = opening_pickup.to(entering_case)
    pickup_closed = loading_door.to(recording)
    recorded = recording.to(loaded)
    next_case = loaded.to(entering_case)
    # technician
    maintain = menu.to(maintenance, cond="is_technician")
    # technician: site setup (devices, locker map), saved with validation and a backup
    setup = maintenance.to(site_setup, cond="is_technician")
    save = site_setup.to(saving_config)
    saved = saving_config.to(site_setup)
    save_refused = saving_config.to(site_setup)
    back = (
        retrieval.to(menu)
        | entering_case.to(menu)
        | loaded.to(menu)
        | maintenance.to(menu)
        | site_setup.to(maintenance)
    )
    logout = (
        waiting_card.to(idle)
        | entering_pin.to(idle)
        | checking_pin.to(idle)
        | locked.to(idle)
        | menu.to(idle)
        | listing.to(idle)
        | retrieval.to(idle)
        | opening_drop.to(idle)
        | drop_open.to(idle)
        | closing_drop.to(idle)
        | printing_slip.to(idle)
        | entering_case.to(idle)
        | checking_case.to(idle)
        | opening_pickup.to(idle)
        | loading_door.to(idle)
        | recording.to(idle)
        | loaded.to(idle)
        | maintenance.to(idle)
        | site_setup.to(idle)
        | saving_config.to(idle)
    )
    reset = logout | idle.to(idle)

    def __init__(self, guards: StaffGuards) -> None:
        super().__init__(listeners=[guards])
