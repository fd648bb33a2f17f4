"""What the resident's journeys that check who the person is (the declaration and the
pickup, :class:`flows.assisted.AssistedFlow`) are built on, in one value: the kiosk's
devices, the platform, the compartment ledger, the flow loop, the terminal's id, the
journeys' settings, how staff confirm an identity on the assisted path, and the bridge
of unsolicited device events. The composition root builds one and hands it to both.
"""

from __future__ import annotations

from dataclasses import dataclass

from device_contracts import DeviceSet
from flows.device_bridge import DeviceEventBridge
from flows.payment_journey_ports import PaymentPorts
from flows.ports import CompartmentLedger, FlowLoop, Platform, StaffCheck
from flows.settings import FlowSettings

__all__ = ["JourneyPorts"]


@dataclass(frozen=True)
class JourneyPorts:
    """The declaration's and the pickup's dependencies (frozen: both may share one)."""

    devices: DeviceSet
    platform: Platform
    ledger: CompartmentLedger
    loop: FlowLoop
    #: the terminal's id, on receipts and in what the platform is told
    terminal_id: str
    settings: FlowSettings = FlowSettings()  # noqa: RUF009 - frozen, safe to share
    #: how staff confirm an identity on the assisted path (None: they cannot here, so
    #: only the face check leads on)
    staff_check: StaffCheck | None = None
    #: the kiosk's bridge of unsolicited device events (the card on the reader becomes
    #: ``session.card_on_reader``); None: the journey hears none, as in tests that do
    #: not need them
    events: DeviceEventBridge | None = None
    #: the payment gateway, the trade ledger and the utility biller (便民缴费, a matter's
    #: fee); None: the site takes no payments (the payment tiles say coming soon)
    payments: PaymentPorts | None = None
