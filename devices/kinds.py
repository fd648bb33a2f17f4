"""The device kinds of a site: one per :class:`~device_contracts.DeviceSet` field, each with its contract."""

from __future__ import annotations

import enum
from collections.abc import Mapping

from device_contracts import (
    DocumentCamera,
    DocumentPrinter,
    FaceVerifier,
    IdCardReader,
    LockerBank,
    QrScanner,
    ReceiptPrinter,
    StaffCardReader,
)


class DeviceKind(enum.StrEnum):
    """The device kinds of a site; the values are the ``DeviceSet`` fields and config keys."""

    ID_READER = "id_reader"
    DOCUMENT_CAMERA = "document_camera"
    FACE = "face"
    PRINTER = "printer"
    LOCKERS = "lockers"
    QR_SCANNER = "qr_scanner"
    STAFF_CARD = "staff_card"  # optional: built into DeviceSet.extra["staff_card"]
    DOCUMENT_PRINTER = "document_printer"  # optional: the A4 printer of 打印证照


#: Kinds a site may leave out; when configured they go to ``DeviceSet.extra`` under their value.
OPTIONAL_KINDS = frozenset({DeviceKind.STAFF_CARD, DeviceKind.DOCUMENT_PRINTER})

#: The contract every driver of a kind must build.
PROTOCOLS: Mapping[DeviceKind, type] = {
    DeviceKind.ID_READER: IdCardReader,
    DeviceKind.DOCUMENT_CAMERA: DocumentCamera,
    DeviceKind.FACE: FaceVerifier,
    DeviceKind.PRINTER: ReceiptPrinter,
    DeviceKind.LOCKERS: LockerBank,
    DeviceKind.QR_SCANNER: QrScanner,
    DeviceKind.STAFF_CARD: StaffCardReader,
    DeviceKind.DOCUMENT_PRINTER: DocumentPrinter,
}
