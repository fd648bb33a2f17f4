"""What ``lpstat -l -p`` says, read into what a job may do: the lines as CUPS 2.4 prints
them (LANG=C), with the IPP printer-state-reasons a real printer reports."""

from __future__ import annotations

import pytest

from device_contracts import CompletionCode, DeviceState
from devices.document_printer.cups_client import QueueUrlError, parse_queue_url
from devices.document_printer.queue_state import (
    COVER_OPEN,
    NOT_ANSWERING,
    PAPER_OUT,
    PRINTER_ERROR,
    LpstatParseError,
    parse_lpstat,
)

IDLE = """printer A4 is idle.  enabled since Mon Dec  7 04:40:20 2026
\tForm mounted:
\tContent types: any
\tAlerts: {alerts}
\tLocation:
"""
DISABLED = """printer A4 disabled since Mon Dec  7 04:41:04 2026 -
\tdoor open
\tForm mounted:
\tAlerts: paused
"""


@pytest.mark.parametrize(
    ("alerts", "code", "message"),
    [
        ("media-empty-error", CompletionCode.NO_MEDIA, PAPER_OUT),
        ("media-needed-error media-low-warning", CompletionCode.NO_MEDIA, PAPER_OUT),
        ("door-open-error", CompletionCode.HARDWARE_ERROR, COVER_OPEN),
        ("offline-report", None, None),
        ("offline", CompletionCode.DEVICE_NOT_READY, NOT_ANSWERING),
        ("media-jam-error", CompletionCode.HARDWARE_ERROR, PRINTER_ERROR),
        ("none", None, None),
        ("toner-low-warning", None, None),
    ],
)
def test_the_reasons_of_an_enabled_queue(
    alerts: str, code: CompletionCode | None, message: object
) -> None:
    refusal = parse_lpstat(IDLE.format(alerts=alerts)).refusal()
    assert (refusal.code if refusal else None) is code
    assert (refusal.message if refusal else None) == message


def test_a_disabled_queue_refuses_with_staffs_reason_kept() -> None:
    state = parse_lpstat(DISABLED)
    assert not state.enabled and state.message == "door open"
    refusal = state.refusal()
    assert refusal is not None and refusal.code is CompletionCode.DEVICE_NOT_READY
    assert state.device_status().state is DeviceState.OFFLINE


def test_paper_running_low_prints_and_is_told() -> None:
    state = parse_lpstat(IDLE.format(alerts="media-low-report"))
    assert state.refusal() is None and state.paper_low
    assert state.device_status().detail == "paper_low"


def test_not_an_lpstat_answer() -> None:
    with pytest.raises(LpstatParseError):
        parse_lpstat('lpstat: Invalid destination name in list "A4".\n')
    with pytest.raises(LpstatParseError):
        parse_lpstat("")


def test_queue_urls() -> None:
    url = parse_queue_url("ipp://printer.local/printers/A4_Lobby")
    assert (url.server, url.queue) == ("printer.local:631", "A4_Lobby")
    for bad in ("http://h/printers/A4", "ipp://h/classes/A4", "ipp://h/printers/a b"):
        with pytest.raises(QueueUrlError):
            parse_queue_url(bad)
