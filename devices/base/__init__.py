"""Device contracts shared by every adapter, real or simulated.

Modelled on XFS4IoT: each command returns an :class:`Operation` at once; the
operation may emit events while it runs and ends in exactly one
:class:`Completion` carrying a :class:`CompletionCode`. Status and
capabilities are plain queries. Unsolicited events (card inserted, door
opened) reach listeners registered with ``subscribe``; a new listener is told
the current status at once.

This package is the only part of ``devices`` that ``flows`` and
``offline_cache`` may import (import-linter contracts check it), so it holds no
I/O and imports nothing else from the project but :mod:`devices.op_runner`, the
threads operations run on. One module a concept; every name is re-exported here,
so importers write ``from devices.base import X``.
"""

from devices.base.cards import CardType, IdentityCard, StaffCard
from devices.base.completion import (
    DEFAULT_MESSAGES,
    Completion,
    CompletionCode,
    DeviceError,
    TypedDeviceError,
)
from devices.base.events import (
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
from devices.base.interfaces import (
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
from devices.base.listeners import Listener, ListenerSet, Unsubscribe
from devices.base.lockers import (
    Compartment,
    CompartmentRole,
    CompartmentSize,
    DoorOutcome,
    DoorState,
)
from devices.base.operation import Operation
from devices.base.pictures import FaceMatch, Image
from devices.base.preview import PreviewFrame, PreviewSink
from devices.base.prompts import FaceHint, FacePrompt, FaceStep, PageHint, PagePrompt, PageStep
from devices.base.receipt import Receipt, ReceiptAlign, ReceiptLine
from devices.base.status import OPERATIONAL_STATES, DeviceState, DeviceStatus
from devices.base.text import Text

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
