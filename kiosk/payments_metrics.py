"""Payments by outcome for the kiosk's metrics (issue 23): the trade ledger's trades per
state, read at scrape time. The ledger is durable, so the numbers survive a restart
(a counter in memory would start again from 0 and miss what the recovery settled)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping

from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from flows.payment_ports import TradeState

log = logging.getLogger(__name__)


class PaymentsCollector(Collector):
    """``kiosk_payment_trades{state}``: completed, cancelled, refunded, and those still
    under way or waiting for the recovery (created, sent, paid, refunding)."""

    def __init__(self, counts: Callable[[], Mapping[TradeState, int]]) -> None:
        self._counts = counts

    def collect(self) -> Iterable[Metric]:
        family = GaugeMetricFamily(
            "kiosk_payment_trades",
            "Payment trades in the kiosk's ledger, by state (outcome or step under way)",
            labels=["state"],
        )
        try:
            counts = self._counts()
        except Exception:  # a scrape must not fail on the ledger
            log.warning("trade ledger counts failed", exc_info=True)
            counts = {}
        for state in TradeState:
            family.add_metric([state.value], float(counts.get(state, 0)))
        yield family
