"""The bytes of a receipt (byte-exact) and the DLE EOT status decoding."""

from __future__ import annotations

import pytest

from device_contracts import Receipt, ReceiptAlign, ReceiptLine
from devices.printer import encoder, status


def test_a_small_receipt_is_byte_exact() -> None:
    receipt = Receipt(
        lines=(
            ReceiptLine("回执", bold=True, large=True, align=ReceiptAlign.CENTER),
            ReceiptLine("编码：A1"),
        ),
        qr="A1",
    )
    expected = bytes.fromhex(
        "1b40"
        "1c26"  # init, Chinese mode
        "1b6101"
        "1b4501"
        "1d2111"
        "1c210c"
        "bbd8d6b4"
        "0a"
        "1d2100"
        "1c2100"
        "1b4500"
        "1b6100"
        "b1e0c2eb"
        "a3ba"
        "4131"
        "0a"  # 编码：A1 (the full-width colon is A3 BA)
        "1b6101"
        "1d286b0400314132"
        "00"  # QR model 2
        "1d286b03003143"
        "06"  # module size 6
        "1d286b03003145"
        "31"  # error level M
        "1d286b0500315030"
        "4131"  # store "A1"
        "1d286b03003151"
        "30"  # print
        "0a"
        "1b6100"
        "1c2e"
        "1b6403"
        "1d564200"  # Chinese mode off, feed 3, cut
    )
    assert encoder.encode_receipt(receipt) == expected


def test_punctuation_is_sent_as_gb18030_not_question_marks() -> None:
    assert encoder.text_bytes("：，（）") == "：，（）".encode("gb18030")
    assert b"?" not in encoder.text_bytes("：，（）《》“”")


def test_no_cut_when_the_receipt_says_so() -> None:
    job = encoder.encode_receipt(Receipt(lines=(ReceiptLine("x"),), cut=False))
    assert not job.endswith(encoder.CUT)


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ({1: b"\x12", 2: b"\x12", 4: b"\x12"}, status.PrinterStatus()),
        ({4: b"\x1e"}, status.PrinterStatus(paper_near_end=True)),
        ({2: b"\x32", 4: b"\x72"}, status.PrinterStatus(paper_out=True)),
        ({1: b"\x1a", 2: b"\x16"}, status.PrinterStatus(offline=True, cover_open=True)),
    ],
)
def test_status_bytes_decode(replies: dict[int, bytes], expected: status.PrinterStatus) -> None:
    assert status.decode_status(replies) == expected


@pytest.mark.parametrize("byte", [b"\x00", b"\xff", b"\x13", b""])
def test_bad_status_bytes_are_typed_errors(byte: bytes) -> None:
    with pytest.raises(status.StatusFrameError):
        status.decode_status({1: byte})


def test_encode_and_decode_status_agree() -> None:
    for s in (
        status.PrinterStatus(paper_near_end=True),
        status.PrinterStatus(paper_out=True),
        status.PrinterStatus(cover_open=True),
    ):
        decoded = status.decode_status({n: b for n, b in status.encode_status(s).items() if n != 3})
        assert (decoded.paper_out, decoded.cover_open, decoded.paper_near_end) == (
            s.paper_out,
            s.cover_open,
            s.paper_near_end,
        )
