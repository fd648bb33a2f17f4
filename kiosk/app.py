"""The composition root: the one place that wires concrete classes together.

config (TOML) -> services (devices, platform port, ledger, embedded simulator)
-> flows (state machines on the Qt flow loop) -> MainWindow (screens and
presenters). Nothing else in the project constructs a concrete device or the
platform client.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Qt is imported lazily so the CLI's other commands start fast
    from kiosk.services import KioskServices
    from kiosk.ui.main_window import MainWindow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LaunchOptions:
    config_path: Path
    demo: bool
    lang: str | None = None
    large_text: bool = False
    tour_dir: Path | None = None
    data_dir: Path | None = None
    windowed: bool = False


def run_kiosk(options: LaunchOptions) -> int:
    # Qt and the services are imported here, not at module level, so the CLI's
    # other commands start without them.
    from PySide6.QtWidgets import QApplication

    from kiosk.services import KioskServices
    from kiosk.site_config import SiteConfigError, load_site_config

    try:
        config = load_site_config(options.config_path)
    except SiteConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if options.demo and not config.platform.embedded_simulator:
        log.info("demo with an external platform", extra={"url": config.platform.url})

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("zizhu-kiosk")
    # demo: simulated peers behind the real adapters; they play the resident
    # themselves unless the tour does
    peers = ("manual" if options.tour_dir else "auto") if options.demo else None
    services = KioskServices.start(config, data_dir=options.data_dir, demo_peers=peers)
    try:
        window = build_window(services, options)
        if options.tour_dir is not None:
            from kiosk.tour import run_tour

            return run_tour(window, services, options.tour_dir)
        if options.windowed or not config.ui.fullscreen:
            window.resize(1920, 1080)
            window.show()
        else:
            window.showFullScreen()
        return app.exec()
    finally:
        services.close()


def build_window(services: KioskServices, options: LaunchOptions) -> MainWindow:
    """Flows on the Qt loop, and the window that presents them."""
    from flows.collection import CollectionFlow
    from flows.declaration import DeclarationFlow
    from kiosk.bridge import QtFlowLoop
    from kiosk.ui.main_window import MainWindow

    config = services.config
    loop = QtFlowLoop()
    declaration = DeclarationFlow(
        services.devices, services.platform, services.ledger, loop, services.terminal_id
    )
    collection = CollectionFlow(
        services.devices, services.platform, services.ledger, loop, services.terminal_id
    )
    window = MainWindow(
        declaration,
        collection,
        lang=options.lang or config.ui.lang,
        large_text=options.large_text or config.ui.large_text,
        fullscreen=False,
        idle_timeout_s=config.ui.idle_timeout_s,
        idle_warning_s=config.ui.idle_warning_s,
    )
    # the loop must outlive this function: the window owns it
    loop.setParent(window)
    return window
