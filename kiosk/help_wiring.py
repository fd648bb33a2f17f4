"""Wires 呼叫工作人员 for a running kiosk: the help desk on the platform port (through
the outbox), the site's staff hours, the metrics, the window's panel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.help_desk import HelpDesk, HelpMetrics

if TYPE_CHECKING:
    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices


def install_help(window: MainWindow, services: KioskServices) -> HelpDesk:
    metrics = services.metrics
    desk = HelpDesk(
        services.platform,
        services.config.help.hours(),
        metrics=HelpMetrics(metrics.help_called, metrics.help_acknowledged),
        parent=window,
    )
    window.install_help(desk)
    services.on_close.append(desk.shut_down)  # its calls finish before the port closes
    return desk
