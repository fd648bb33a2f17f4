"""Simulated adapters, one per device kind, for the demo and the tests.

Each honours its Protocol in :mod:`device_contracts` exactly as a real adapter
must (status, events, cancel, timeout, one completion) and adds controls a
test or the demo uses to play the person in front of the kiosk and to inject
faults. Real adapters live beside this package (``devices/<driver>/``).
"""

from devices.sim.document_camera import SimDocumentCamera
from devices.sim.face import SimFaceVerifier
from devices.sim.id_reader import SimIdCardReader
from devices.sim.lockers import SimLockerBank
from devices.sim.printer import SimReceiptPrinter
from devices.sim.qr_scanner import SimQrScanner

__all__ = [
    "SimDocumentCamera",
    "SimFaceVerifier",
    "SimIdCardReader",
    "SimLockerBank",
    "SimQrScanner",
    "SimReceiptPrinter",
]
