"""The clerk's hand-over slip (材料交接单): every drop compartment emptied, with outcome."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from device_contracts import Receipt, ReceiptAlign, ReceiptLine, Text
from flows.receipts import ZONE_TITLE

SLIP_TITLE = "材料交接单"


class RetrievalOutcome(enum.StrEnum):
    TAKEN = "taken"
    MISSING = "missing"  # the compartment was empty
    EXTRA = "extra"  # more (or other) paper than the case lists


OUTCOME_ZH = {
    RetrievalOutcome.TAKEN: "已取出",
    RetrievalOutcome.MISSING: "材料缺失",
    RetrievalOutcome.EXTRA: "已取出（有多余材料）",
}


@dataclass(frozen=True)
class RetrievalItem:
    """A drop compartment holding a case's paper originals."""

    compartment_id: str
    case_ref: str
    matter_name: Text | None = None
    deposited_at: str = ""  # ISO, from the platform
    outcome: RetrievalOutcome | None = None


def handover_slip(
    *, terminal_id: str, staff_id: str, at: datetime, items: Sequence[RetrievalItem]
) -> Receipt:
    lines = [
        ReceiptLine(ZONE_TITLE, bold=True, align=ReceiptAlign.CENTER),
        ReceiptLine(SLIP_TITLE, bold=True, large=True, align=ReceiptAlign.CENTER),
        ReceiptLine(f"终端：{terminal_id}"),
        ReceiptLine(f"工作人员：{staff_id}"),
        ReceiptLine(f"时间：{at:%Y-%m-%d %H:%M}"),
    ]
    done = [i for i in items if i.outcome is not None]
    for item in done:
        assert item.outcome is not None
        matter = item.matter_name.zh if item.matter_name else ""
        lines.append(ReceiptLine(f"{item.compartment_id}  {item.case_ref}", bold=True))
        if matter:
            lines.append(ReceiptLine(f"  {matter}"))
        lines.append(ReceiptLine(f"  {OUTCOME_ZH[item.outcome]}"))
    taken = sum(1 for i in done if i.outcome is not RetrievalOutcome.MISSING)
    lines.append(ReceiptLine(f"共 {len(done)} 件，取出 {taken} 件", bold=True))
    lines.append(ReceiptLine("交接人签字：__________"))
    return Receipt(lines=tuple(lines), qr=None)


def test_receipt(*, terminal_id: str, at: datetime) -> Receipt:
    """The technician's test print: Chinese text, a QR code and a cut."""
    return Receipt(
        lines=(
            ReceiptLine(ZONE_TITLE, bold=True, align=ReceiptAlign.CENTER),
            ReceiptLine("打印机测试页 Printer test", bold=True, large=True),
            ReceiptLine(f"终端：{terminal_id}"),
            ReceiptLine(f"时间：{at:%Y-%m-%d %H:%M:%S}"),
            ReceiptLine("中文字符：北京市政务服务中心"),
        ),
        qr=f"TEST-{terminal_id}",
    )
