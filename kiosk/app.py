"""The composition root: the one place that wires concrete classes together.

config (TOML) -> services (devices, platform port, ledger, embedded simulator)
-> flows (state machines on the Qt flow loop) -> MainWindow (kiosk/main_window.py:
the passive window shell of kiosk/ui with a presenter over each journey's screens).
Nothing else in the project constructs a concrete device or the platform client.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported lazily so the CLI's other commands start fast
    from PySide6.QtWidgets import QApplication

    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices
    from kiosk.watchdog import SdNotify

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaunchOptions:
    config_path: Path
    demo: bool
    lang: str | None = None
    large_text: bool = False
    tour_dir: Path | None = None
    #: with tour_dir: one journey of kiosk/demo/journeys.py instead of the default tour
    journey: str | None = None
    data_dir: Path | None = None
    windowed: bool = False
    #: serve /metrics and /health on this loopback port (0: any free port; None: off)
    metrics_port: int | None = None


def offscreen_without_display(environ: MutableMapping[str, str]) -> bool:
    """Choose Qt's offscreen platform when nothing says where to draw (no
    QT_QPA_PLATFORM, DISPLAY or WAYLAND_DISPLAY): a tour on a server or in CI would
    otherwise abort in Qt's platform plugin. Must run before QApplication exists."""
    if environ.get("QT_QPA_PLATFORM") or environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"):
        return False
    environ["QT_QPA_PLATFORM"] = "offscreen"
    return True


def run_kiosk(options: LaunchOptions) -> int:
    # a tour draws nothing on screen: with no display it renders offscreen (issue 13.16)
    if options.tour_dir is not None and offscreen_without_display(os.environ):
        log.info("no display: the tour renders offscreen")
    # Qt and the services are imported here, not at module level, so the CLI's
    # other commands start without them.
    from PySide6.QtWidgets import QApplication

    from kiosk.late_open import opened_after_first_paint
    from kiosk.services import KioskServices
    from kiosk.site_config import SiteConfigError, load_site_config

    try:
        config = load_site_config(options.config_path)
    except SiteConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    from kiosk.site_time import apply_timezone

    apply_timezone(config.terminal.timezone)  # before Qt or any service reads the clock
    if options.demo and not config.platform.embedded_simulator:
        log.info("demo with an external platform", extra={"url": config.platform.url})

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("zizhu-kiosk")
    from kiosk.gui_collector import GuiThreadCollector

    # cyclic garbage (Qt objects among it) is finalised on this thread, never on a
    # device's or a worker's (kiosk/gui_collector.py)
    collector = GuiThreadCollector(app)
    # demo: simulated peers behind the real adapters; they play the resident
    # themselves unless the tour does
    peers = ("manual" if options.tour_dir else "auto") if options.demo else None
    # the embedded simulator (demo) in a child process: in a thread here, its request
    # handling would hold the interpreter lock the GUI thread needs (issue 5)
    services = KioskServices.start(
        config,
        data_dir=options.data_dir,
        metrics_port=options.metrics_port,
        demo_peers=peers,
        simulator="process",
        # the cameras (and the demo's dlib) and the printer open after the first paint;
        # a tour, which never warms up, opens them as before
        open_later=()
        if options.tour_dir
        else opened_after_first_paint(config.devices.as_mapping()),
    )
    try:
        window = build_window(services, options)
        if options.tour_dir is not None:
            from kiosk.demo.run import run_tour

            return run_tour(window, services, options.tour_dir, options.journey)
        if options.windowed or not config.ui.fullscreen:
            window.resize(1920, 1080)
            window.show()
        else:
            window.showFullScreen()
        notifier = _supervise(app, window)
        from kiosk.first_paint import FirstPaint

        # models and cameras warm up once the resident can see the kiosk, never before
        FirstPaint(window.attract, lambda: _painted(notifier, services))
        return app.exec()
    finally:
        services.close()
        collector.stop()


def _painted(notifier: SdNotify, services: KioskServices) -> None:
    """The attract screen has been painted: say so (``kiosk bench start`` and systemd's
    status line), then warm up."""
    from kiosk.first_paint import PAINTED_STATUS

    notifier.notify(f"STATUS={PAINTED_STATUS}")
    log.info("attract screen painted")
    _warm_up(services)


def _warm_up(services: KioskServices) -> None:
    """Once the attract screen has been painted: load the keyboard's pinyin dictionary,
    fetch the catalogue, open the cameras and load the OCR and face models on a
    background thread (ADR 0007), never on the GUI thread, so the first resident does
    not wait."""
    from PySide6.QtCore import QTimer

    from kiosk.vision_wiring import start_up_prefetch, start_warm_up

    if services.payments is not None:  # trades a kill left unsettled, on a thread (issue 23)
        services.payments.recover_in_background()
    sections = services.config.devices.as_mapping()
    prefetch = start_up_prefetch(services.platform.catalog)
    QTimer.singleShot(500, lambda: start_warm_up(sections, prefetch, services.open_late))


def _supervise(app: QApplication, window: MainWindow) -> SdNotify:
    """systemd: READY=1 once the attract screen shows, WATCHDOG=1 from the GUI thread,
    nightly restart requests honoured when idle; the cursor hidden on touch kiosks.
    Returns the notifier, for the first-paint status."""
    from PySide6.QtCore import Qt

    from kiosk.watchdog import install_supervision

    if os.environ.get("KIOSK_HIDE_CURSOR") == "1":
        app.setOverrideCursor(Qt.CursorShape.BlankCursor)
    notifier, _ = install_supervision(
        lambda: window.current_screen_name() == "screen_attract",
        lambda: app.exit(0),
        parent=window,
    )
    return notifier


def build_window(services: KioskServices, options: LaunchOptions) -> MainWindow:
    """Flows on the Qt loop, and the window that presents them."""
    from flows.collection import CollectionFlow
    from flows.declaration import DeclarationFlow
    from flows.evaluation import EvaluationFlow
    from flows.journey_ports import JourneyPorts
    from kiosk.bridge import QtFlowLoop
    from kiosk.main_window import MainWindow

    config = services.config
    loop = QtFlowLoop()
    # the flows see the devices through the metrics (completion codes, face latency)
    devices = services.metrics.instrument(services.devices)
    from kiosk.staff_wiring import (
        build_lookup_flow,
        build_staff_check,
        build_staff_flow,
        device_events,
        load_staff_directory,
        resident_devices,
    )

    devices = resident_devices(services, devices)  # every door event audited
    # the assisted path (no face check): staff confirm with their card + PIN, checked
    # against the same directory and lock-out as staff mode
    directory = load_staff_directory(services) if services.audit is not None else None
    staff_check = build_staff_check(services, directory)
    from kiosk.vision_wiring import VisionPageReader, uses_vision

    # the OpenCV document camera's pages are read (OCR) to classify them and fill the form
    reader = (
        VisionPageReader(services.metrics.ocr_latency.observe)
        if uses_vision(config.devices.as_mapping())["ocr"]
        else None
    )
    # unsolicited device events (a card placed or taken off, a status change) reach the
    # journeys through one bridge onto the GUI thread
    events = device_events(services, loop)
    from kiosk.utility_payment_wiring import install_utility_payment, payment_ports

    ports = JourneyPorts(
        devices,
        services.platform,
        services.ledger,
        loop,
        services.terminal_id,
        staff_check=staff_check,
        events=events,
        payments=payment_ports(services),  # 便民缴费 and a matter's fee (issue 23)
    )
    declaration = DeclarationFlow(ports, reader)
    collection = CollectionFlow(ports)
    services.metrics.watch_flow("declaration", declaration)
    services.metrics.watch_flow("collection", collection)
    window = MainWindow(
        declaration,
        collection,
        staff=build_staff_flow(services, loop, options.config_path, directory),
        lookup=build_lookup_flow(services, devices, loop, events),
        lang=options.lang or config.ui.lang,
        large_text=options.large_text or config.ui.large_text,
        fullscreen=False,
        idle_timeout_s=config.ui.idle_timeout_s,
        idle_warning_s=config.ui.idle_warning_s,
    )
    # the loop must outlive this function: the window owns it
    loop.setParent(window)
    from kiosk.intake import IntakeController, usb_root

    window.install_intake(
        IntakeController(
            declaration,
            services.platform,
            loop,
            show=window.show_screen,
            back_to_flow=window.declaration.refresh,
            usb_root=usb_root(services.data_dir if options.demo else None),
            parent=window,
        )
    )
    from kiosk.help_wiring import install_help

    install_help(window, services)  # 呼叫工作人员 reaches the on-duty staff (issue 19)
    from kiosk.video_wiring import install_video_call

    install_video_call(window, services, loop)  # by video in the staff's hours (issue 21)
    from kiosk.self_print_wiring import install_self_print

    install_self_print(window, services, ports)  # 打印证照 on the A4 printer (issue 21)
    install_utility_payment(window, services, ports)  # 便民缴费 (issue 23)
    window.install_evaluation(EvaluationFlow(services.platform, loop))  # 好差评 (issue 21)
    if options.tour_dir is None:
        from kiosk.voice import VoicePrompter, default_speaker

        # voice prompts for every screen (espeak-ng in a child process; KIOSK_VOICE=0: off)
        VoicePrompter(window, default_speaker(), lambda: window.lang, parent=window)
    return window
