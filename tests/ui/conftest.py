"""UI test setup: offscreen Qt, real flows on fake devices, a screenshot folder.

``QT_QPA_PLATFORM`` must be set before anything imports Qt.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from device_contracts import Completion, DeviceSet, Image, Text
from flows.collection import CollectionFlow
from flows.declaration import DeclarationFlow
from flows.domain import CaseDraft, PickupTicket, SubmitResult
from flows.journey_ports import JourneyPorts
from flows.ocr import OcrReading
from flows.ports import StaffCheck
from kiosk.bridge import QtFlowLoop
from kiosk.main_window import MainWindow
from kiosk.ui.theme import DESIGN_SIZE
from tests.devices.idcard.sam_on_pty import peer, reader  # noqa: F401 (fixtures)
from tests.fakes.devices import FakeDevices
from tests.fakes.ledger import InMemoryLedger
from tests.fakes.ocr import FakePageReader
from tests.fakes.platform import FakePlatform
from tests.fakes.staff import FakeDirectory, FakeStaffReader, MemoryAudit

TERMINAL = "BJTZ-024"
PICKUP_CODE = "482913"

#: (language, large text): every screen is shot in each mode
MODES = [("zh", False), ("en", False), ("zh", True), ("en", True)]
MODE_IDS = ["zh", "en", "zh-large", "en-large"]


class GatedPlatform(FakePlatform):
    """A FakePlatform whose submit/verify can be held open to show the busy screens."""

    def __init__(self) -> None:
        super().__init__()
        self.submit_gate = threading.Event()
        self.verify_gate = threading.Event()
        self.submit_gate.set()
        self.verify_gate.set()

    def submit_case(self, draft: CaseDraft) -> SubmitResult:
        self.submit_gate.wait(10)
        return super().submit_case(draft)

    def verify_pickup_code(self, code: str) -> PickupTicket:
        self.verify_gate.wait(10)
        return super().verify_pickup_code(code)

    def release(self) -> None:
        self.submit_gate.set()
        self.verify_gate.set()


def page_png(title: str = "居民户口簿") -> Image:
    """A readable A4-ish page image, so thumbnails show something real."""
    w, h = 600, 848
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#fbfaf5"))
    p = QPainter(img)
    font = QFont("Noto Sans CJK SC")
    font.setPixelSize(48)
    p.setFont(font)
    p.setPen(QColor("#8a1c1c"))
    p.drawText(QRect(0, 60, w, 80), Qt.AlignmentFlag.AlignCenter, title)
    p.setPen(QColor("#555555"))
    for i in range(14):
        p.fillRect(60, 200 + i * 42, 480 - (i % 3) * 60, 14, QColor("#c9c9c9"))
    p.end()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")  # type: ignore[call-overload]  # the stub says bytes; the binding wants str
    return Image(bytes(data.data()), "image/png", w, h)


@dataclass
class UiEnv:
    qtbot: QtBot
    shots: Path
    devices: FakeDevices = field(default_factory=FakeDevices)
    platform: GatedPlatform = field(default_factory=GatedPlatform)
    ledger: InMemoryLedger = field(default_factory=InMemoryLedger)
    loop: QtFlowLoop = field(default_factory=QtFlowLoop)
    windows: list[MainWindow] = field(default_factory=list)
    #: the resident agrees to the face check as soon as asked (False: the test clicks)
    auto_consent: bool = True
    #: the assisted path's staff confirmation: staff card reader, directory, audit log
    staff_reader: FakeStaffReader = field(default_factory=FakeStaffReader)
    directory: FakeDirectory = field(default_factory=FakeDirectory)
    audit: MemoryAudit = field(default_factory=MemoryAudit)

    def __post_init__(self) -> None:
        page = page_png()
        self.devices.document_camera.captures.default = Completion.success(page)
        # what the household register "says" (OCR): the card's name, a phone number
        self.reader = FakePageReader()
        self.reader.texts[page.data] = OcrReading(
            "hukou", True, {"name": "张三", "phone": "13900139000"}
        )
        self.platform.tickets[PICKUP_CODE] = PickupTicket(
            "11011220261103000042",
            Text("居住证签注", "Residence permit endorsement"),
            "B01",
        )
        staff_check = StaffCheck(self.directory, self.audit, self.staff_reader)
        self.declare_on(self.devices.device_set(), staff_check)
        self.collection = CollectionFlow(
            JourneyPorts(
                self.devices.device_set(),
                self.platform,
                self.ledger,
                self.loop,
                TERMINAL,
                staff_check=staff_check,
            )
        )
        self.collection.subscribe(lambda: self._consent_when_asked(self.collection))

    def declare_on(
        self, devices: DeviceSet, staff_check: StaffCheck | None = None
    ) -> DeclarationFlow:
        """The env's declaration on ``devices`` (a real camera in place of a fake one),
        consenting when asked as the env's own does; it becomes :attr:`declaration`."""
        flow = DeclarationFlow(
            JourneyPorts(
                devices,
                self.platform,
                self.ledger,
                self.loop,
                TERMINAL,
                staff_check=staff_check
                or StaffCheck(self.directory, self.audit, self.staff_reader),
            ),
            reader=self.reader,
        )
        flow.subscribe(lambda: self._consent_when_asked(flow))
        self.declaration = flow
        return flow

    def _consent_when_asked(self, flow: DeclarationFlow | CollectionFlow) -> None:
        if self.auto_consent and str(flow.state) == "face_consent":
            self.loop.post(lambda: flow.consent(True))

    def window(self, lang: str = "zh", large_text: bool = False, **kw: Any) -> MainWindow:
        kw.setdefault("idle_timeout_s", 600)
        w = MainWindow(self.declaration, self.collection, lang=lang, large_text=large_text, **kw)
        self.qtbot.addWidget(w)
        w.show()
        self.qtbot.waitExposed(w)
        self.windows.append(w)
        return w

    def wait(self, cond: Callable[[], object], timeout: int = 3000) -> None:
        self.qtbot.waitUntil(lambda: bool(cond()), timeout=timeout)

    def click(self, window: MainWindow, name: str) -> None:
        """Wait until button ``name`` is on screen and enabled, then click it."""

        def ready() -> bool:
            button = window.find_button(name)
            return button is not None and button.isEnabled()

        self.wait(ready)
        window.click(name)

    def declare_to_card(self, window: MainWindow, matter: str) -> None:
        """From the attract or home screen: 办事申报, the matter, its guide read, 继续办理,
        until the card is asked for (the matter and its guide come first, issue 19
        item 7); a card pushed to the fake reader is read at once."""
        if window.current_screen_name() != "screen_home":
            self.click(window, "btn_start")
        self.click(window, "btn_home_declare")
        self.click(window, f"btn_matter_{matter}")
        self.wait(lambda: window.current_screen_name() == "screen_guide")
        reads = self.devices.id_reader.reads.calls
        self.click(window, "btn_guide_continue")
        self.wait(lambda: self.devices.id_reader.reads.calls > reads)

    def label(self, window: MainWindow, name: str) -> QLabel:
        """The label ``name`` on the current screen (fails the test when absent)."""
        found = window.current_screen().findChild(QLabel, name)
        assert found is not None, name
        return found

    def button_text(self, window: MainWindow, name: str) -> str:
        button = window.find_button(name)
        assert button is not None, name
        return button.text()

    def wait_state(self, flow: DeclarationFlow | CollectionFlow, state: str) -> None:
        self.wait(lambda: str(flow.state) == state)

    def shot(self, window: MainWindow, name: str) -> Path:
        self.qtbot.wait(60)  # let layouts settle and animations draw a frame
        assert (window.width(), window.height()) == DESIGN_SIZE, f"{name}: window grew"
        screen = window.current_screen()
        need, have = screen.minimumSizeHint(), screen.size()
        assert need.width() <= have.width() and need.height() <= have.height(), (
            f"{name}: content needs {need.width()}x{need.height()}, "
            f"has {have.width()}x{have.height()} (clipped)"
        )
        path = window.screenshot(self.shots / f"{name}.png")
        assert path.stat().st_size > 10_000, f"{name}: screenshot looks empty"
        return path


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    root = os.environ.get("KIOSK_SCREENSHOT_DIR")
    path = Path(root) if root else tmp_path / "screens"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def ui(qtbot: QtBot, shots: Path) -> Iterator[UiEnv]:
    env = UiEnv(qtbot, shots)
    yield env
    env.platform.release()
    for w in env.windows:
        w.idle.stop()
    env.declaration.reset()
    env.collection.reset()
