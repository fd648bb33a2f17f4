"""Strings of 打印证照 (issue 21 item 3): the home tile, the list of the person's
documents, the preview, printing, done and failed pages, and their voice prompts."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

SELF_PRINT_STRINGS: Mapping[str, T] = {
    "home.print": T("打印证照", "Print a document"),
    "home.print.desc": T(
        "营业执照、完税证明、档案查询结果，刷身份证后自助打印",
        "Business licence, tax proof, archive record: print yours with your ID card",
    ),
    "assisted.body_print": T(
        "不做人脸核验也可以打印：请工作人员当面核对您的身份证。",
        "You can print without the face check: a member of staff checks your ID card in person.",
    ),
    "step.choose_document": T("选择证照", "Choose"),
    "step.preview": T("预览", "Preview"),
    "step.print": T("打印", "Print"),
    "print_listing.title": T("正在查询您的证照…", "Looking up your documents…"),
    "print_list.title": T("请选择要打印的证照", "Choose the document to print"),
    "print_list.issued": T("{issuer}　{date} 出具", "Issued by {issuer} on {date}"),
    "print_list.choose": T("预览并打印", "Preview and print"),
    "print_fetching.title": T("正在获取并校验证照…", "Fetching and verifying the document…"),
    "print_preview.title": T("打印预览", "Print preview"),
    "print_preview.body": T(
        "请核对内容，确认后打印（A4 一页）。证照上的二维码可扫码核验真伪。",
        "Check it, then print (one A4 page). The QR code on it lets anyone verify it.",
    ),
    "print_preview.print": T("确认打印", "Print"),
    "print_preview.back": T("返回列表", "Back to the list"),
    "printing.doc_title": T("正在打印，请稍候…", "Printing, one moment…"),
    "print_done.title": T("打印完成", "Printed"),
    "print_done.body": T("请从打印机出纸口取走证照", "Please take your document from the printer"),
    "print_done.another": T("再打印一份证照", "Print another document"),
    "print_failed.title": T("未能打印", "Not printed"),
    "print_failed.body": T(
        "打印未完成，请联系工作人员", "The document was not printed; please ask staff"
    ),
    "voice.print_list": T("请选择要打印的证照", "Please choose the document to print"),
    "voice.print_preview": T("请核对后点击确认打印", "Please check it, then tap Print"),
    "voice.print_done": T("打印完成，请取走证照", "Printed. Please take your document"),
    "voice.print_failed": T("未能打印，请联系工作人员", "Not printed. Please ask staff"),
}
