"""``kiosk a4printer status|print`` against a private cupsd: the queue's state in one
sentence and an exit code, a PDF printed and waited for, paper out said as such."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.document_printer.printed_page import page_text_and_qr
from devices.document_printer.private_cupsd import PrivateCupsd
from kiosk.cli import build_parser
from tests.devices import cups_peer

pytestmark = cups_peer.needs_cupsd
#: the real peer: a private cupsd for the module
cupsd = cups_peer.cupsd


def _run(*args: str) -> int:
    parsed = build_parser().parse_args(["a4printer", *args])
    code: int = parsed.func(parsed)
    return code


def test_status_print_and_paper_out(
    cupsd: PrivateCupsd, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from platform_sim.document_pdf import DocumentPage, render_pdf

    page = DocumentPage("完税证明", "Tax proof", "T-1", "", "", "", "", (), "http://x/verify/y")
    pdf = tmp_path / "proof.pdf"
    pdf.write_bytes(render_pdf(page))
    cupsd.enable()
    assert _run("status", "--url", cupsd.url) == 0
    assert "ready" in capsys.readouterr().out
    assert _run("print", "--url", cupsd.url, str(pdf)) == 0
    text, qr = page_text_and_qr(cupsd.printed_pdf())
    assert "完税证明" in text and qr == "http://x/verify/y"
    cupsd.run_out_of_paper()
    try:
        assert _run("print", "--url", cupsd.url, str(pdf)) == 1
        assert "out of paper" in capsys.readouterr().err
        assert _run("status", "--url", cupsd.url) == 1
        assert "media-empty-error" in capsys.readouterr().err
    finally:
        cupsd.refill_paper()
    assert _run("status", "--url", "http://not-a-queue") == 2
