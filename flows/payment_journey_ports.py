"""What the payment journeys (便民缴费, a matter's fee) are handed beside the kiosk's
other ports: the gateway, the trade ledger and the utility biller, in one value the
composition root builds (``kiosk/payments_wiring.py``) and puts on
:class:`~flows.journey_ports.JourneyPorts` as ``payments``."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.loop import MonotonicClock
from flows.payment_ports import PaymentGateway, TradeLedger, UtilityBiller
from flows.ports import Clock

__all__ = ["PaymentPorts", "PaymentTimes"]


@dataclass(frozen=True)
class PaymentTimes:
    """The payment's waits, in seconds (a site may lengthen them for elderly residents)."""

    #: how often the gateway is asked whether a QR or a password was paid
    poll_every: float = 2.0
    #: a QR's life, as the gateway is told (qr_code_timeout_express): then it is closed
    qr_life: float = 120.0
    #: how long the payer has to confirm the password on the phone (USERPAYING)
    confirm_within: float = 60.0
    #: how many times an unknown result is asked after before the trade is cancelled
    checks: int = 3
    #: how long the scanner waits for a payment code before it listens again
    code_scan: float = 60.0
    #: one gateway step off the loop (the client's own timeout is shorter, ~5 s)
    gateway_call: float = 15.0


@dataclass(frozen=True)
class PaymentPorts:
    gateway: PaymentGateway
    ledger: TradeLedger
    biller: UtilityBiller
    #: the QR's countdown on screen (the flow loop's timers decide; this only shows them)
    clock: Clock = field(default_factory=MonotonicClock)
    times: PaymentTimes = PaymentTimes()
