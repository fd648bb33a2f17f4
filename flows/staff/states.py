"""Staff mode's states, named as its screens know them (kiosk/presenters/staff.py).

One vocabulary, several machines: the login's (flows/staff/login.py) and one per
journey (retrieval.py, loading.py, maintenance.py, site_setup.py), each taking its
own states from here. While a journey runs, the login's machine waits in that
journey's state (``RETRIEVING`` ...) and the staff flow shows the journey's.
"""

from __future__ import annotations

import enum

from statemachine import State
from statemachine.states import States
from statemachine.transition_list import TransitionList


class StaffState(enum.StrEnum):
    # login and menu (login.py); ``IDLE`` is also every journey's state before and after
    IDLE = "idle"
    WAITING_CARD = "staff_card"
    ENTERING_PIN = "staff_pin"
    CHECKING_PIN = "checking_pin"
    LOCKED = "staff_locked"
    MENU = "staff_menu"
    # the journey under way, as the login's machine holds it (never shown: the journey is)
    RETRIEVING = "retrieving"
    LOADING = "loading"
    MAINTAINING = "maintaining"
    SETTING_UP = "setting_up"
    # clerk: retrieval of the overnight drop compartments (retrieval.py)
    LISTING = "listing_cases"
    RETRIEVAL = "retrieval"
    OPENING_DROP = "opening_drop"
    DROP_OPEN = "drop_open"
    CLOSING_DROP = "closing_drop"
    PRINTING_SLIP = "printing_slip"
    # clerk: certificate loading (loading.py)
    ENTERING_CASE = "load_case"
    CHECKING_CASE = "checking_case"
    OPENING_PICKUP = "opening_pickup"
    LOADING_DOOR = "loading_door"
    RECORDING = "recording_load"
    LOADED = "loaded"
    # technician: maintenance (maintenance.py)
    MAINTENANCE = "maintenance"
    # technician: site setup, saved with validation and a backup (site_setup.py)
    SETUP = "site_setup"
    SAVING_CONFIG = "saving_config"


def machine_states(*members: StaffState) -> States:
    """One machine's states, the first its initial one, each named for its member in
    lower case (``states.drop_open``) and valued by it."""
    return States({m.name.lower(): State(value=m, initial=i == 0) for i, m in enumerate(members)})


def from_every_state(target: State) -> TransitionList:
    """Transitions to ``target`` from every state of the machine (logout, leaving a
    journey): python-statemachine's ``from_.any()``, which its stubs leave untyped."""
    transitions: TransitionList = target.from_.any()  # type: ignore[no-untyped-call]
    return transitions


def journey_frame(
    states: States, first: State, *back_from: State
) -> tuple[TransitionList, TransitionList, TransitionList]:
    """What every journey after the login has (flows/staff/journey.py): ``begin`` from
    idle to ``first``, ``back`` to idle from the states a footer's back leaves, and
    ``leave`` to idle from anywhere."""
    idle = states.idle
    back = TransitionList()
    for state in back_from:
        back = back | state.to(idle)
    return idle.to(first), back, from_every_state(idle)
