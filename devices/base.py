"""Device contracts shared by every adapter, real or simulated.

Modelled on XFS4IoT: each command returns an :class:`Operation` at once; the
operation may emit events while it runs and ends in exactly one
:class:`Completion` carrying a :class:`CompletionCode`. Status and
capabilities are plain queries. Unsolicited events (card inserted, door
opened) reach listeners registered with ``subscribe``; a new listener is told
the current status at once.

This module is the only part of ``devices`` that ``flows`` may import (an
import-linter contract checks it), so it holds no I/O and imports nothing else
from the project but :mod:`devices.op_runner`, the threads operations run on.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Generic, Protocol, TypeVar, runtime_checkable

from devices.op_runner import call_later, run_in_background

log = logging.getLogger(__name__)

T = TypeVar("T")
U = TypeVar("U")


# --------------------------------------------------------------------------- texts


@dataclass(frozen=True)
class Text:
    """A sentence for a person, in both languages the kiosk speaks."""

    zh: str
    en: str

    def get(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


# --------------------------------------------------------------------------- completions


class CompletionCode(enum.StrEnum):
    SUCCESS = "success"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    DEVICE_NOT_READY = "device_not_ready"
    HARDWARE_ERROR = "hardware_error"
    INVALID_DATA = "invalid_data"
    FRAUD_ATTEMPT = "fraud_attempt"
    NO_MEDIA = "no_media"
    UNSUPPORTED = "unsupported"


#: Plain words shown when an adapter gives no more specific message.
DEFAULT_MESSAGES: Mapping[CompletionCode, Text] = {
    CompletionCode.SUCCESS: Text("完成", "Done"),
    CompletionCode.CANCELLED: Text("已取消", "Cancelled"),
    CompletionCode.TIMEOUT: Text("等待超时，请重试", "Timed out, please try again"),
    CompletionCode.DEVICE_NOT_READY: Text(
        "设备未就绪，请联系工作人员", "The device is not ready, please ask staff for help"
    ),
    CompletionCode.HARDWARE_ERROR: Text(
        "设备故障，请联系工作人员", "The device has a fault, please ask staff for help"
    ),
    CompletionCode.INVALID_DATA: Text(
        "读取的数据无效，请重试", "The data read was invalid, please try again"
    ),
    CompletionCode.FRAUD_ATTEMPT: Text("核验未通过", "Verification failed"),
    CompletionCode.NO_MEDIA: Text("未检测到卡片或纸张", "No card or paper was found"),
    CompletionCode.UNSUPPORTED: Text("该设备不支持此操作", "This device cannot do that"),
}


@dataclass(frozen=True)
class Completion(Generic[T]):
    """How a command ended. ``value`` is set only on success.

    ``detail`` is for the log and must never hold personal data.
    """

    code: CompletionCode
    value: T | None = None
    message: Text | None = None
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.code is CompletionCode.SUCCESS

    @property
    def text(self) -> Text:
        return self.message or DEFAULT_MESSAGES[self.code]

    @classmethod
    def success(cls, value: T) -> Completion[T]:
        return cls(CompletionCode.SUCCESS, value)

    @classmethod
    def failure(
        cls, code: CompletionCode, message: Text | None = None, detail: str = ""
    ) -> Completion[T]:
        if code is CompletionCode.SUCCESS:
            raise ValueError("a failure cannot have the code SUCCESS")
        return cls(code, None, message, detail)

    def unwrap(self) -> T:
        if not self.ok or self.value is None:
            raise DeviceError(self.code, self.text, self.detail)
        return self.value


class DeviceError(Exception):
    """A device command that did not succeed, carrying its completion code."""

    def __init__(self, code: CompletionCode, message: Text | None = None, detail: str = "") -> None:
        self.code = code
        self.message = message or DEFAULT_MESSAGES[code]
        self.detail = detail
        super().__init__(f"{code.value}: {detail or self.message.en}")


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class DeviceEvent:
    """Base class of everything a device reports. ``device`` is the adapter's name."""

    device: str


@dataclass(frozen=True)
class StatusChanged(DeviceEvent):
    status: DeviceStatus


@dataclass(frozen=True)
class CardInserted(DeviceEvent):
    pass


@dataclass(frozen=True)
class CardRemoved(DeviceEvent):
    pass


@dataclass(frozen=True)
class DoorOpened(DeviceEvent):
    compartment_id: str
    commanded: bool = True  # False: opened with no command behind it (tamper alert)


@dataclass(frozen=True)
class DoorClosed(DeviceEvent):
    compartment_id: str


@dataclass(frozen=True)
class CodeScanned(DeviceEvent):
    text: str


@dataclass(frozen=True)
class PaperLow(DeviceEvent):
    pass


@dataclass(frozen=True)
class Progress(DeviceEvent):
    """Something a running command wants the person to know ("hold still")."""

    message: Text


class FaceStep(enum.StrEnum):
    """Where a face check is: what the person is asked to do now."""

    LOOK = "look"  # look at the camera (the face is being found)
    BLINK = "blink"
    TURN_LEFT = "turn_left"  # the person's own left
    TURN_RIGHT = "turn_right"
    VERIFYING = "verifying"  # the challenges are met: comparing with the reference


class FaceHint(enum.StrEnum):
    """Why the camera cannot see the face well right now (shown beside the step)."""

    NO_FACE = "no_face"
    TWO_FACES = "two_faces"
    TOO_FAR = "too_far"
    TOO_DARK = "too_dark"
    COVERED = "covered"  # the picture is flat: the lens or the face is covered


@dataclass(frozen=True)
class FacePrompt(Progress):
    """A face check's current step and hint, as a screen shows them: ``done`` of ``total``
    liveness challenges met. ``message`` says the same in words (for listeners that only
    know :class:`Progress`). Never carries a picture or anything personal."""

    step: FaceStep = FaceStep.LOOK
    hint: FaceHint | None = None
    done: int = 0
    total: int = 0


class PageStep(enum.StrEnum):
    """Where a live document capture is: what the person is asked to do now."""

    PLACE = "place"  # no page seen: lay one flat under the camera
    HOLD = "hold"  # a page is there and moving: hold it still
    STEADY = "steady"  # still and clear: the picture is taken once it has stayed so
    TAKEN = "taken"  # this page was taken: lay the next one (or go on)


class PageHint(enum.StrEnum):
    """Why the page cannot be taken as it lies (shown over the live picture)."""

    TOO_DARK = "too_dark"
    BLURRED = "blurred"  # out of focus, or a lifted, curled page
    GLARE = "glare"  # a patch of the page is burnt white by a light
    CUT_OFF = "cut_off"  # the page runs off the picture's edge
    HAND = "hand"  # a hand (skin) lies on the page


@dataclass(frozen=True)
class PagePrompt(Progress):
    """A live document capture's current step and hint, as a screen shows them;
    ``steady``: how far the page is towards its auto-capture (0 to 1). ``message`` says the
    same in words. Never carries a picture."""

    step: PageStep = PageStep.PLACE
    hint: PageHint | None = None
    steady: float = 0.0


@dataclass(frozen=True, repr=False)
class PreviewFrame:
    """One frame of a camera's live picture, ready to paint: ``width`` x ``height`` RGB,
    8 bits a channel, rows packed (``len(rgb) == width * height * 3``), already scaled
    to the display size and mirrored when the device was asked to. ``box``: the face
    found in it (left, top, right, bottom, in these pixels), if any; ``outline``: the
    page found in it, if any. Personal data:
    shown, never stored or logged (``repr`` shows only the size)."""

    rgb: bytes
    width: int
    height: int
    box: tuple[int, int, int, int] | None = None
    #: a document camera's page outline found in it (four corners, clockwise from the
    #: top left, in these pixels), if any
    outline: tuple[tuple[int, int], ...] | None = None

    def __repr__(self) -> str:
        return f"PreviewFrame({self.width}x{self.height})"


@runtime_checkable
class PreviewSink(Protocol):
    """Where a camera hands its live picture while a command runs. ``size``: the
    (width, height) the frames are scaled to; ``mirror``: flip left-right (a face camera
    shown to the person in front of it). ``offer`` is called on the camera's thread and
    must not block: a sink keeps only the newest frame (a slow screen drops frames)."""

    @property
    def size(self) -> tuple[int, int]: ...

    @property
    def mirror(self) -> bool: ...

    def offer(self, frame: PreviewFrame) -> None: ...


# --------------------------------------------------------------------------- status


class DeviceState(enum.StrEnum):
    ONLINE = "online"
    BUSY = "busy"
    OFFLINE = "offline"  # configured but not answering
    HARDWARE_ERROR = "hardware_error"
    NO_DEVICE = "no_device"  # not configured at this site


#: States in which commands may be sent.
OPERATIONAL_STATES = frozenset({DeviceState.ONLINE, DeviceState.BUSY})


@dataclass(frozen=True)
class DeviceStatus:
    state: DeviceState
    detail: str = ""  # log-safe
    message: Text | None = None  # for the technician's status screen

    @property
    def operational(self) -> bool:
        return self.state in OPERATIONAL_STATES


# --------------------------------------------------------------------------- operations


Listener = Callable[[DeviceEvent], None]
Unsubscribe = Callable[[], None]


class Operation(Generic[T]):
    """A running device command: cancellable, with events, and exactly one completion.

    Producers call :meth:`emit` and :meth:`complete`; a second completion is
    ignored (and logged), so a late reply after a timeout cannot overwrite it.
    Done-callbacks run on the thread that completes the operation, or at once
    if it is already done: consumers that need another thread post from there.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._cancel = threading.Event()
        self._completion: Completion[T] | None = None
        self._done_callbacks: list[Callable[[Completion[T]], None]] = []
        self._event_listeners: list[Listener] = []
        self._last_event: DeviceEvent | None = None

    # consumer side -------------------------------------------------------
    def cancel(self) -> None:
        """Ask the command to stop; it completes with CANCELLED unless it already ended."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def done(self) -> bool:
        return self._done.is_set()

    def result(self, timeout: float | None = None) -> Completion[T]:
        """Block until complete. Never call this on the GUI thread."""
        if not self._done.wait(timeout):
            return Completion.failure(CompletionCode.TIMEOUT, detail=f"{self.name}: no completion")
        assert self._completion is not None
        return self._completion

    def add_done_callback(self, fn: Callable[[Completion[T]], None]) -> None:
        with self._lock:
            if self._completion is None:
                self._done_callbacks.append(fn)
                return
            completion = self._completion
        fn(completion)

    def add_event_listener(self, fn: Listener) -> None:
        """``fn`` gets every event from now on, and at once the latest one already sent:
        a command starts on its own thread, so its first prompt may come before the
        caller could listen, and the latest prompt is what the person must see."""
        with self._lock:
            self._event_listeners.append(fn)
            last = self._last_event
        if last is not None:
            _call_safely(fn, last)

    # producer side -------------------------------------------------------
    def wait_cancelled(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if a cancel arrived meanwhile."""
        return self._cancel.wait(seconds)

    def emit(self, event: DeviceEvent) -> None:
        with self._lock:
            self._last_event = event
            listeners = list(self._event_listeners)
        for fn in listeners:
            _call_safely(fn, event)

    def complete(self, completion: Completion[T]) -> bool:
        with self._lock:
            if self._completion is not None:
                log.debug("operation already complete", extra={"operation": self.name})
                return False
            self._completion = completion
            callbacks, self._done_callbacks = self._done_callbacks, []
        self._done.set()
        if not completion.ok:
            log.info(
                "operation ended",
                extra={
                    "operation": self.name,
                    "code": completion.code.value,
                    "detail": completion.detail,
                },
            )
        for fn in callbacks:
            _call_safely(fn, completion)
        return True

    # helpers --------------------------------------------------------------
    @classmethod
    def completed(cls, name: str, completion: Completion[T]) -> Operation[T]:
        op: Operation[T] = cls(name)
        op.complete(completion)
        return op

    @classmethod
    def spawn(
        cls,
        name: str,
        work: Callable[[Operation[T]], Completion[T]],
        timeout: float | None = None,
    ) -> Operation[T]:
        """Run ``work`` on a daemon thread; it gets the operation to check for cancel.

        With ``timeout`` the operation completes with TIMEOUT when ``work`` has
        not finished in time (and a cancel is requested so ``work`` can stop).
        An exception in ``work`` becomes HARDWARE_ERROR, never a lost completion.
        """
        op: Operation[T] = cls(name)

        def run() -> None:
            try:
                completion = work(op)
            except DeviceError as exc:
                completion = Completion.failure(exc.code, exc.message, exc.detail)
            except Exception as exc:
                log.exception("operation crashed", extra={"operation": name})
                completion = Completion.failure(
                    CompletionCode.HARDWARE_ERROR, detail=type(exc).__name__
                )
            if (
                op.cancel_requested
                and not completion.ok
                and completion.code is not CompletionCode.TIMEOUT
            ):
                completion = Completion.failure(CompletionCode.CANCELLED, detail=completion.detail)
            op.complete(completion)

        run_in_background(run)
        if timeout is not None:

            def expire() -> None:
                if op.complete(
                    Completion.failure(CompletionCode.TIMEOUT, detail=f"{name} after {timeout}s")
                ):
                    op.cancel()

            timer = call_later(timeout, expire)
            op.add_done_callback(lambda _c: timer.cancel())
        return op

    @classmethod
    def blocking(cls, name: str, fn: Callable[[], U], timeout: float | None = None) -> Operation[U]:
        """Run a plain blocking call (an HTTP request, a model) off the caller's thread."""
        return Operation[U].spawn(name, lambda _op: Completion.success(fn()), timeout)


def _call_safely(fn: Callable[[T], None], arg: T) -> None:
    try:
        fn(arg)
    except Exception:
        log.exception("listener failed")


class ListenerSet:
    """Thread-safe listener registry with a no-op default (habit 6)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    def add(self, fn: Listener) -> Unsubscribe:
        with self._lock:
            self._listeners.append(fn)

        def remove() -> None:
            with self._lock:
                if fn in self._listeners:
                    self._listeners.remove(fn)

        return remove

    def emit(self, event: DeviceEvent) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for fn in listeners:
            _call_safely(fn, event)


# --------------------------------------------------------------------------- payloads


class CardType(enum.StrEnum):
    RESIDENT = "resident"  # 居民身份证
    FOREIGN = "foreign"  # 外国人永久居留身份证
    HMT = "hmt"  # 港澳台居民居住证


@dataclass(frozen=True, repr=False)
class IdentityCard:
    """What an ID card says. Personal data: never log it (``repr`` hides it)."""

    card_type: CardType
    name: str
    gender: str  # "male" / "female"
    nation: str  # ethnic group name, or nationality for foreign cards
    birth_date: date
    address: str
    id_number: str
    issuer: str
    valid_from: date
    valid_to: date | None  # None: 长期 (long-term)
    photo_wlt: bytes = b""  # encrypted WLT photo as read from the card
    photo: bytes | None = None  # decoded photo (PNG) when a WLT decoder is configured
    name_en: str = ""

    def __repr__(self) -> str:
        return f"IdentityCard(card_type={self.card_type.value}, id=***{self.id_number[-2:]})"


@dataclass(frozen=True, repr=False)
class Image:
    """An encoded picture (PNG or JPEG). Personal data when it shows a person or a page."""

    data: bytes
    mime: str
    width: int
    height: int

    def __repr__(self) -> str:
        return f"Image({self.mime}, {self.width}x{self.height}, {len(self.data)} bytes)"


@dataclass(frozen=True)
class FaceMatch:
    matched: bool
    distance: float
    threshold: float
    live: bool


class ReceiptAlign(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"


@dataclass(frozen=True)
class ReceiptLine:
    text: str
    bold: bool = False
    large: bool = False
    align: ReceiptAlign = ReceiptAlign.LEFT


@dataclass(frozen=True)
class Receipt:
    """A device-neutral receipt: the printer adapter decides the bytes."""

    lines: tuple[ReceiptLine, ...]
    qr: str | None = None
    cut: bool = True

    def plain_text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class CompartmentSize(enum.StrEnum):
    S = "S"
    M = "M"
    L = "L"


class CompartmentRole(enum.StrEnum):
    DROP = "drop"  # residents put paper originals in; clerks empty it
    PICKUP = "pickup"  # clerks load certificates; residents collect


@dataclass(frozen=True)
class Compartment:
    id: str  # site-wide label printed on the door, e.g. "A03"
    board: int
    channel: int
    size: CompartmentSize
    role: CompartmentRole


class DoorState(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    UNKNOWN = "unknown"


class DoorOutcome(enum.StrEnum):
    OPENED = "opened"
    ALREADY_OPEN = "already_open"


# --------------------------------------------------------------------------- interfaces


@runtime_checkable
class Device(Protocol):
    """What every adapter offers, whatever its kind."""

    name: str

    def open(self) -> None:
        """Connect to the hardware (or peer). Errors show in ``status``, not as exceptions."""

    def close(self) -> None: ...

    def status(self) -> DeviceStatus: ...

    def capabilities(self) -> Mapping[str, object]: ...

    def subscribe(self, listener: Listener) -> Unsubscribe:
        """Register for unsolicited events; the current status is sent at once."""
        ...


@runtime_checkable
class IdCardReader(Device, Protocol):
    def read_card(self, timeout: float) -> Operation[IdentityCard]:
        """Wait for a card to be placed (up to ``timeout``) and read it."""
        ...


@runtime_checkable
class DocumentCamera(Device, Protocol):
    def capture_page(self, timeout: float) -> Operation[Image]:
        """Capture one page lying on the camera's plate."""
        ...


@runtime_checkable
class LiveDocumentCamera(DocumentCamera, Protocol):
    """A document camera that shows its live picture while ``capture_page`` runs and
    takes the page by itself once it has lain still and clear (auto-capture).

    ``set_preview``: where the frames go (scaled, with the page outline; None: nowhere,
    and what the camera remembers of the pages it took is forgotten); while a sink is
    set, a page already taken is not taken again until the picture changes.
    ``set_auto_capture``: take still pages by themselves (True) or only when told.
    ``shoot``: the running capture takes the next frame with a page in it, still or
    not (the resident's 拍摄 button). Prompts come as :class:`PagePrompt` events."""

    def set_preview(self, sink: PreviewSink | None) -> None: ...

    def set_auto_capture(self, on: bool) -> None: ...

    def shoot(self) -> None: ...


@runtime_checkable
class FaceVerifier(Device, Protocol):
    """Face camera plus the 1:1 check with liveness, as one service."""

    def verify(self, reference: Image | None, timeout: float) -> Operation[FaceMatch]:
        """Check the person in front of the camera against ``reference``.

        ``reference`` is the card's decoded photo or the platform's reference
        photo; captured frames are wiped when the operation completes.
        """
        ...


@runtime_checkable
class ReceiptPrinter(Device, Protocol):
    def print_receipt(self, receipt: Receipt, timeout: float) -> Operation[None]: ...


@runtime_checkable
class LockerBank(Device, Protocol):
    def compartments(self) -> list[Compartment]: ...

    def door_state(self, compartment_id: str) -> DoorState: ...

    def open_door(self, compartment_id: str, timeout: float) -> Operation[DoorOutcome]:
        """Unlock and confirm by the door sensor that the door opened."""
        ...

    def wait_closed(self, compartment_id: str, timeout: float) -> Operation[None]:
        """Complete when the door's sensor reads closed (TIMEOUT: left open)."""
        ...


@runtime_checkable
class QrScanner(Device, Protocol):
    def scan(self, timeout: float) -> Operation[str]:
        """Complete with the next code read (scans also arrive as CodeScanned events)."""
        ...


@dataclass
class DeviceSet:
    """Every device a site has, as the flows see them."""

    id_reader: IdCardReader
    document_camera: DocumentCamera
    face: FaceVerifier
    printer: ReceiptPrinter
    lockers: LockerBank
    qr_scanner: QrScanner
    extra: dict[str, Device] = field(default_factory=dict)

    def all(self) -> list[Device]:
        return [
            self.id_reader,
            self.document_camera,
            self.face,
            self.printer,
            self.lockers,
            self.qr_scanner,
            *self.extra.values(),
        ]


# --------------------------------------------------------------------------- staff cards


@dataclass(frozen=True, repr=False)
class StaffCard:
    """A staff member's smart card as the reader sees it: its UID (hex) and ATR.

    The UID identifies the card, not the person: the staff directory maps it to
    a staff id and role. Not personal data, but kept out of ``repr`` anyway.
    """

    uid: str
    atr: str = ""

    def __repr__(self) -> str:
        return f"StaffCard(uid=...{self.uid[-4:]})"


@runtime_checkable
class StaffCardReader(Device, Protocol):
    """PC/SC reader for clerk and technician cards (ISO 7816)."""

    def read_staff_card(self, timeout: float) -> Operation[StaffCard]:
        """Wait for a staff card (up to ``timeout``) and read its UID."""
        ...
