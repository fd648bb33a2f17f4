"""Staff mode, one journey a module: the login and the menu every journey starts from
(login.py: ``StaffFlow``, what the kiosk builds and the staff screens drive), the
clerk's retrieval (retrieval.py) and certificate loading (loading.py), the
technician's maintenance page (maintenance.py) and site setup (site_setup.py). What
they share: the states as the screens name them (states.py), the session (session.py),
and the desk and frame of a journey (journey.py)."""

from flows.staff.loading import FAULT_PREFIX
from flows.staff.login import StaffFlow
from flows.staff.session import LiveTest, StaffSession, TestResult
from flows.staff.states import StaffState

__all__ = ["FAULT_PREFIX", "LiveTest", "StaffFlow", "StaffSession", "StaffState", "TestResult"]
