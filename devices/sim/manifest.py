"""Driver "sim" for every device kind: the simulated adapters of :mod:`devices.sim`.

Their options are declared in full (the site config rejects any other key for
``driver = "sim"``); seconds end in ``_s``, the demo's ``auto_*`` are seconds too.
"""

from __future__ import annotations

from devices.declaration import DriverDeclaration, Option
from devices.kinds import DeviceKind

_FACTORIES = "devices.sim.drivers"


def _sim(kind: DeviceKind, *options: Option) -> DriverDeclaration:
    return DriverDeclaration(kind, "sim", f"{_FACTORIES}:{kind.value}", options=options)


DRIVERS = (
    _sim(
        DeviceKind.ID_READER,
        Option("auto_place_after", float, None, ge=0),  # demo: a card appears N s into each read
        Option("auto_card", int, 0, ge=0),  # which sample identity the demo places
        Option("delay_s", float, 0.3, ge=0),
        Option("identities", str),  # a JSON file of people; default: the sample identities
    ),
    _sim(DeviceKind.DOCUMENT_CAMERA, Option("delay_s", float, 0.4, ge=0)),
    _sim(
        DeviceKind.FACE,
        Option("delay_s", float, 0.8, ge=0),
        Option("threshold", float, 0.6, gt=0),
        Option("require_reference", bool, False),
    ),
    _sim(DeviceKind.PRINTER, Option("delay_s", float, 0.3, ge=0)),
    _sim(
        DeviceKind.LOCKERS,
        Option("delay_s", float, 0.2, ge=0),
        Option("auto_close_after", float, None, ge=0),  # demo: a door shuts itself N s after
    ),
    _sim(DeviceKind.QR_SCANNER),
    _sim(DeviceKind.STAFF_CARD),
    _sim(DeviceKind.DOCUMENT_PRINTER, Option("delay_s", float, 0.5, ge=0)),
)
