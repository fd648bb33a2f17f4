"""The PC/SC staff-card reader ("pcsc") of ``[devices.staff_card]``.

Its options are declared in full, so the site config names a misspelt key;
``drivers.py`` checks them again when it builds the reader.
"""

from __future__ import annotations

from devices.declaration import DriverDeclaration, Option
from devices.kinds import DeviceKind
from devices.smartcard.apdu import parse_aid  # pure: no pyscard

DRIVERS = (
    DriverDeclaration(
        DeviceKind.STAFF_CARD,
        "pcsc",
        "devices.smartcard.drivers:pcsc_staff_card",
        options=(
            Option("reader", str, ""),  # part of the PC/SC reader name; "" = the first reader
            Option("aid", str, "F05A5A4B5354414646", check=parse_aid),  # the application, hex
            Option("poll_s", float, 0.25, ge=0.05, le=5),
            Option("reconnect_s", float, 1.0, ge=0.1, le=60),
            Option("read_timeout_s", float, 3.0, ge=0.5, le=30),
            Option("allow_virtual_reader", bool, False),  # vsmartcard's vpcd: tests only
        ),
    ),
)
