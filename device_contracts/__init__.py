"""Device contracts shared by every adapter, real or simulated.

Modelled on XFS4IoT: each command returns an :class:`Operation` at once; the
operation may emit events while it runs and ends in exactly one
:class:`Completion` carrying a :class:`CompletionCode`. Status and
capabilities are plain queries. Unsolicited events (card inserted, door
opened) reach listeners registered with ``subscribe``; a new listener is told
the current status at once.

The floor the devices, vision, the file checks, the flows and the platform client
stand on (import-linter contracts check it): it holds no I/O and imports nothing
of the project; operations run on the threads of :mod:`device_contracts.op_runner`.
One module a concept; every name is re-exported here, so importers write
``from device_contracts import X``.
"""

from device_contracts.cards import CardType, IdentityCard, StaffCard
from device_contracts.completion import (
    DEFAULT_MESSAGES,
    Completion,
    CompletionCode,
    DeviceError,
    TypedDeviceError,
)
from device_contracts.document_printer import DocumentPrinter, PrintDocument
from device_contracts.events import (
    CardInserted,
    CardRemoved,
    CodeScanned,
    DeviceEvent,
    DoorClosed,
    DoorOpened,
    PaperLow,
    Progress,
    StatusChanged,
)
from device_contracts.interfaces import (
    Device,
    DeviceSet,
    DocumentCamera,
    FaceVerifier,
    IdCardReader,
    LiveDocumentCamera,
    LockerBank,
    QrScanner,
    ReceiptPrinter,
    StaffCardReader,
)
from device_contracts.listeners import Listener, ListenerSet, Unsubscribe
from device_contracts.lockers import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    DoorOutcome,
    DoorState,
)
from device_contracts.operation import Operation
from device_contracts.pictures import FaceMatch, Image
from device_contracts.preview import PreviewFrame, PreviewSink
from device_contracts.prompts import FaceHint, FacePrompt, FaceStep, PageHint, PagePrompt, PageStep
from device_contracts.receipt import Receipt, ReceiptAlign, ReceiptLine
from device_contracts.status import OPERATIONAL_STATES, DeviceState, DeviceStatus
from device_contracts.text import Text

__all__ = [
    "DEFAULT_MESSAGES",
    "OPERATIONAL_STATES",
    "CardInserted",
    "CardRemoved",
    "CardType",
    "CodeScanned",
    "Compartment",
    "CompartmentRole",
    "CompartmentSize",
    "Completion",
    "CompletionCode",
    "Device",
    "DeviceError",
    "DeviceEvent",
    "DeviceSet",
    "DeviceState",
    "DeviceStatus",
    "DocumentCamera",
    "DocumentPrinter",
    "DoorClosed",
    "DoorOpened",
    "DoorOutcome",
    "DoorState",
    "FaceHint",
    "FaceMatch",
    "FacePrompt",
    "FaceStep",
    "FaceVerifier",
    "IdCardReader",
    "IdentityCard",
    "Image",
    "Listener",
    "ListenerSet",
    "LiveDocumentCamera",
    "LockerBank",
    "Operation",
    "PageHint",
    "PagePrompt",
    "PageStep",
    "PaperLow",
    "PreviewFrame",
    "PreviewSink",
    "PrintDocument",
    "Progress",
    "QrScanner",
    "Receipt",
    "ReceiptAlign",
    "ReceiptLine",
    "ReceiptPrinter",
    "StaffCard",
    "StaffCardReader",
    "StatusChanged",
    "Text",
    "TypedDeviceError",
    "Unsubscribe",
]
