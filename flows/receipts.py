"""The paper receipts: 办件回执 for a declaration, 取件回执 for a collection.

Receipts are printed in a public place and often left behind, so they show
the applicant's name masked and no ID number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from device_contracts import Compartment, Receipt, ReceiptAlign, ReceiptLine
from flows.domain import MaterialSpec, Matter, PickupTicket, SubmitResult
from flows.masking import mask_address, mask_phone
from flows.materials import supplement_deadline
from flows.post_delivery import PostDelivery

ZONE_TITLE = "北京市政务服务 24小时自助服务区"
CASE_TITLE = "办件回执"
PICKUP_TITLE = "取件回执"
PROVISIONAL_NOTE = "（临时编码，正式办件编号将以短信发送）"
HAND_TO_STAFF = "纸质材料：请交窗口工作人员"
NEXT_STEPS = (
    "后续：工作人员将于下一个工作日取出纸质材料并审核，",
    "办理进度与结果将以短信通知；证照办好后可凭取件码",
    "在自助取件柜领取，也可扫描上方二维码查询进度。",
)
BY_POST = "送达方式：邮寄送达"
NEXT_STEPS_BY_POST = (
    "后续：工作人员将于下一个工作日取出纸质材料并审核，",
    "办理进度与结果将以短信通知；证照办好后将邮寄到家，",
    "快递单号可扫描上方二维码查询。",
)


def mask_name(name: str) -> str:
    """Keep the first character only: 张三 -> 张*, 欧阳娜娜 -> 欧***."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "".join(" " if c == " " else "*" for c in name[1:])


def case_receipt(
    *,
    terminal_id: str,
    submitted_at: datetime,
    matter: Matter,
    applicant_name: str,
    result: SubmitResult,
    compartment: Compartment | None,
    deferred: Sequence[MaterialSpec] = (),
    licensed: Sequence[MaterialSpec] = (),
    committed: Sequence[MaterialSpec] = (),
    post: PostDelivery | None = None,
    extra: Sequence[ReceiptLine] = (),
) -> Receipt:
    """The declaration receipt. ``compartment`` None: the originals go to staff.
    ``licensed``: materials taken from the platform's electronic licences (no paper).
    ``committed``: materials the signed commitment stands in for (告知承诺制, no paper).
    ``post``: the certificate goes by post, to this address (shown masked). ``extra``:
    more lines before the time limit (a matter's fee paid: flows/payment_receipt.py)."""
    lines = [*receipt_header(CASE_TITLE, terminal_id, submitted_at)]
    lines.append(receipt_line(f"事项：{matter.name.zh}"))
    lines.append(receipt_line(f"申请人：{mask_name(applicant_name)}"))
    if result.provisional:
        lines.append(receipt_line(f"临时编码：{result.code}", bold=True, large=True))
        lines.append(receipt_line(PROVISIONAL_NOTE))
    else:
        lines.append(receipt_line(f"办件编号：{result.code}", bold=True, large=True))
    if compartment is not None:
        lines.append(receipt_line(f"投递格口：{compartment.id} 号（已投递）"))
    else:
        lines.append(receipt_line(HAND_TO_STAFF))
    if licensed:
        lines.append(receipt_line("电子证照已核验，免交纸质材料：", bold=True))
        lines.extend(receipt_line(f"· {spec.name.zh}") for spec in licensed)
    if committed:
        lines.append(receipt_line("已签署告知承诺书，免交纸质材料：", bold=True))
        lines.extend(receipt_line(f"· {spec.name.zh}") for spec in committed)
    if deferred:
        lines.append(receipt_line("容缺受理：以下材料请在期限前补齐补正", bold=True))
        for spec in deferred:
            due = supplement_deadline(spec, submitted_at.date())
            lines.append(receipt_line(f"· {spec.name.zh}  {_day(due)}前"))
    if post is not None:
        lines.append(receipt_line(BY_POST, bold=True))
        lines.append(receipt_line(f"收件人：{mask_name(post.recipient)}  {mask_phone(post.phone)}"))
        lines.append(receipt_line(f"邮寄地址：{mask_address(post)}"))
    lines.extend(extra)
    lines.append(receipt_line(f"承诺办结时限：{matter.processing_days} 个工作日"))
    lines.extend(
        receipt_line(text) for text in (NEXT_STEPS if post is None else NEXT_STEPS_BY_POST)
    )
    return Receipt(lines=tuple(lines), qr=result.code)


def pickup_receipt(*, terminal_id: str, collected_at: datetime, ticket: PickupTicket) -> Receipt:
    lines = [*receipt_header(PICKUP_TITLE, terminal_id, collected_at)]
    lines.append(receipt_line(f"事项：{ticket.matter_name.zh}"))
    lines.append(receipt_line(f"办件编号：{ticket.case_code}", bold=True))
    lines.append(receipt_line(f"取件格口：{ticket.compartment_id} 号"))
    lines.append(receipt_line("证照已领取，请妥善保管。"))
    return Receipt(lines=tuple(lines), qr=None)


def receipt_header(title: str, terminal_id: str, at: datetime) -> list[ReceiptLine]:
    return [
        receipt_line(ZONE_TITLE, bold=True, align=ReceiptAlign.CENTER),
        receipt_line(title, bold=True, large=True, align=ReceiptAlign.CENTER),
        receipt_line(f"终端：{terminal_id}"),
        receipt_line(f"时间：{at:%Y-%m-%d %H:%M}"),
    ]


def receipt_line(
    text: str, *, bold: bool = False, large: bool = False, align: ReceiptAlign = ReceiptAlign.LEFT
) -> ReceiptLine:
    return ReceiptLine(text=text, bold=bold, large=large, align=align)


def _day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
