"""The work behind ``kiosk a4printer``: each answers (exit code, one sentence)."""

from __future__ import annotations

from pathlib import Path

from device_contracts import PrintDocument
from devices.document_printer.adapter import CupsDocumentPrinter, CupsSettings
from devices.document_printer.cups_client import (
    CupsNotAnswering,
    CupsQueue,
    QueueUrlError,
    parse_queue_url,
)


def queue_status(url: str) -> tuple[int, str]:
    try:
        state = CupsQueue(parse_queue_url(url)).state()
    except (QueueUrlError, CupsNotAnswering) as exc:
        return 2, str(exc)
    refusal = state.refusal()
    reasons = " ".join(state.reasons) or "none"
    if refusal is None:
        return 0, f"ready (reasons: {reasons})"
    return 1, f"cannot print: {refusal.detail} (reasons: {reasons}) - {refusal.text.en}"


def print_file(url: str, pdf: Path, timeout_s: float) -> tuple[int, str]:
    try:
        document = PrintDocument(pdf.read_bytes(), pdf.name)
        printer = CupsDocumentPrinter(url, CupsSettings(job_timeout_s=timeout_s))
    except (OSError, ValueError) as exc:
        return 2, str(exc)
    printer.open()
    done = printer.print_document(document, timeout_s + 10).result()
    printer.close()
    if done.ok:
        return 0, "printed"
    return 1, f"not printed: {done.detail} - {done.text.en}"
