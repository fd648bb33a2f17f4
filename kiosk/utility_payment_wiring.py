"""便民缴费's wiring (issue 23): the payment ports the journeys are handed (the site's
gateway client, the trade ledger, the platform's biller, from ``services.payments``) and
the utility-payment flow installed in the window. A site without ``[payments]`` keeps the
tile's "coming soon" badge and page, and a matter's fee cannot be taken there."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flows.journey_ports import JourneyPorts
from flows.payment_journey_ports import PaymentPorts
from flows.utility_payment import UtilityPaymentFlow

if TYPE_CHECKING:
    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices


def payment_ports(services: KioskServices) -> PaymentPorts | None:
    """What :class:`JourneyPorts` carries as ``payments`` (None: the site takes none)."""
    p = services.payments
    return None if p is None else PaymentPorts(p.gateway, p.ledger, p.biller)


def install_utility_payment(
    window: MainWindow, services: KioskServices, ports: JourneyPorts
) -> None:
    """The home tile 便民缴费 opens the journey on ``ports`` (with their payments)."""
    if ports.payments is None:
        return
    flow = UtilityPaymentFlow(ports)
    services.metrics.watch_flow("utility_payment", flow)
    window.install_utility_payment(flow)
