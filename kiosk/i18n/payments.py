"""Strings of paying at the kiosk (issue 23): the home tile 便民缴费, the utility bill's
pages (which utility, the account number, the bill), the payment's pages shared with a
matter's fee (the way to pay, the QR with its countdown, the payment code held to the
scanner, the password on the phone, paid, failed, refunded) and their voice prompts."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

PAYMENT_STRINGS: Mapping[str, T] = {
    "home.pay": T("便民缴费", "Pay bills"),
    "home.pay.desc": T(
        "水费、电费、燃气费、供暖费，扫码或付款码支付，无需身份证",
        "Water, electricity, gas, heating: pay by QR code or payment code, no ID card needed",
    ),
    "step.utility": T("选择缴费项目", "Utility"),
    "step.account": T("输入户号", "Account"),
    "step.bill": T("核对账单", "Bill"),
    "step.pay": T("支付", "Pay"),
    "step.pay_receipt": T("打印凭证", "Receipt"),
    # the utilities
    "utility.water": T("水费", "Water"),
    "utility.electricity": T("电费", "Electricity"),
    "utility.gas": T("燃气费", "Gas"),
    "utility.heating": T("供暖费", "Heating"),
    "utility.water.desc": T("自来水公司", "The water company"),
    "utility.electricity.desc": T("供电公司", "The power company"),
    "utility.gas.desc": T("燃气公司", "The gas company"),
    "utility.heating.desc": T("供热公司", "The heating company"),
    "utility_choice.title": T("请选择缴费项目", "What would you like to pay?"),
    # the account
    "utility_account.title": T("请输入{utility}户号", "{utility}: enter the account number"),
    "utility_account.body": T(
        "户号印在缴费通知单上。也可以将通知单上的条形码或二维码对准下方的扫码口。",
        "The account number is on your bill. Or hold the bill's barcode or QR code to the "
        "scanner below the screen.",
    ),
    "utility_account.finding": T("正在查询账单…", "Looking up the bill…"),
    # the bill
    "utility_bill.title": T("请核对账单", "Check your bill"),
    "utility_bill.utility": T("缴费项目", "Utility"),
    "utility_bill.account": T("户号", "Account number"),
    "utility_bill.holder": T("户名", "Account holder"),
    "utility_bill.period": T("账期", "Billing period"),
    "utility_bill.amount": T("应缴金额", "Amount due"),
    "utility_bill.pay": T("去支付", "Pay"),
    "utility_bill.other": T("换一个户号", "Another account"),
    # amounts
    "pay.amount": T("{yuan} 元", "¥{yuan}"),
    "pay.paid_line": T(
        "已缴费 {amount}，交易号 {trade}", "Fee paid: {amount}, trade number {trade}"
    ),
    "review.fee": T(
        "本事项需缴费 {amount}，点击“确认提交”后支付", "Fee: {amount}, paid when you tap Submit"
    ),
    # the way to pay
    "pay_method.title": T("请选择支付方式", "How would you like to pay?"),
    "pay_method.amount": T("本次支付 {amount}", "To pay: {amount}"),
    "pay_method.qr": T("扫码支付", "Scan a QR code"),
    "pay_method.qr.desc": T(
        "屏幕显示二维码，用手机支付宝扫码付款",
        "Scan the code on the screen with Alipay on your phone",
    ),
    "pay_method.code": T("付款码支付", "Payment code"),
    "pay_method.code.desc": T(
        "打开手机支付宝付款码，对准扫码口",
        "Open the payment code in Alipay and hold it to the scanner",
    ),
    "pay_creating.title": T("正在生成支付二维码…", "Making the payment QR code…"),
    # the QR
    "pay_qr.title": T("请用手机支付宝扫码支付", "Scan with Alipay on your phone to pay"),
    "pay_qr.amount": T("支付金额 {amount}", "Amount: {amount}"),
    "pay_qr.body": T(
        "扫码后在手机上确认付款，付款完成后本页自动继续。",
        "Confirm the payment on your phone; this page goes on by itself once you have paid.",
    ),
    "pay_qr.countdown": T("二维码 {n} 秒后失效", "The code expires in {n} seconds"),
    "pay_qr.countdown.one": T("二维码 1 秒后失效", "The code expires in 1 second"),
    "pay_qr.other": T("换一种支付方式", "Pay another way"),
    # the payment code
    "pay_code.title": T("请出示付款码", "Show your payment code"),
    "pay_code.body": T(
        "打开手机支付宝的“付款码”，将手机屏幕对准屏幕下方的扫码口，保持不动。",
        "Open the payment code in Alipay and hold your phone's screen to the scanner below "
        "this screen. Keep it still.",
    ),
    "pay_code.amount": T("支付金额 {amount}", "Amount: {amount}"),
    "pay_code.other": T("换一种支付方式", "Pay another way"),
    "pay_paying.title": T("正在支付，请稍候…", "Paying, one moment…"),
    "pay_user_paying.title": T(
        "请在手机上输入支付密码", "Enter your payment password on your phone"
    ),
    "pay_user_paying.body": T(
        "您的手机正在请求确认本次付款，确认后本页自动继续。",
        "Your phone asks you to confirm this payment; this page goes on once you have.",
    ),
    "pay_checking.title": T("正在确认支付结果…", "Checking the payment…"),
    "pay_checking.body": T(
        "支付结果尚未返回，正在向支付机构核实，请勿离开。",
        "The payment's result has not come back yet; we are checking it. Please stay.",
    ),
    "pay_cancelling.title": T("正在撤销本次支付…", "Cancelling this payment…"),
    # the outcomes
    "pay_paid.title": T("支付成功", "Paid"),
    "pay_paid.body": T("已支付 {amount}", "{amount} paid"),
    "pay_expired.title": T("二维码已失效", "The QR code has expired"),
    "pay_expired.body": T(
        "本次未付款，没有扣款。可以重新支付。",
        "Nothing was paid and nothing was charged. You can pay again.",
    ),
    "pay_failed.title": T("支付未成功", "The payment did not go through"),
    "pay_failed.body": T("没有扣款，请换一种方式重试。", "Nothing was charged; please try again."),
    "pay_failed.again": T("重新支付", "Pay again"),
    "pay_failed.give_up": T("不缴了，返回首页", "Stop and go home"),
    "pay_settling.title": T("正在销账…", "Marking the bill paid…"),
    "pay_refunding.title": T("正在退款…", "Refunding…"),
    "pay_refunded.title": T("已退款", "Refunded"),
    "pay_refunded.body": T(
        "账单未能销账，已支付的 {amount} 已原路退回，请取走退款凭证。",
        "The bill could not be marked paid; the {amount} you paid has gone back to where it "
        "came from. Please take the refund receipt.",
    ),
    "pay_refunded.pending": T(
        "账单未能销账，已支付的 {amount} 正在原路退回，请取走凭证，退款到账前请保留。",
        "The bill could not be marked paid; the {amount} you paid is on its way back. "
        "Please take the receipt and keep it until the money is back.",
    ),
    "pay_printing.title": T("正在打印缴费凭证…", "Printing your receipt…"),
    "pay_done.title": T("缴费成功", "Bill paid"),
    "pay_done.body": T(
        "请取走缴费凭证。\n交易号 {trade}",
        "Please take your receipt.\nTrade number {trade}",
    ),
    "pay_done.pending": T(
        "已支付，账单正在销账，稍后自动完成。请取走凭证并保留。\n交易号 {trade}",
        "Paid; the bill is being marked paid and will be shortly. Please take the receipt "
        "and keep it.\nTrade number {trade}",
    ),
    "pay_done.another": T("再缴一笔", "Pay another bill"),
    # the voice
    "voice.utility_choice": T("请选择缴费项目", "Please choose what to pay"),
    "voice.utility_account": T(
        "请输入户号，或扫描缴费通知单", "Please enter the account number, or scan the bill"
    ),
    "voice.utility_bill": T("请核对账单后点击去支付", "Please check the bill, then tap Pay"),
    "voice.pay_method": T("请选择支付方式", "Please choose how to pay"),
    "voice.pay_qr": T(
        "请用手机扫描屏幕上的二维码", "Please scan the code on the screen with your phone"
    ),
    "voice.pay_code": T("请将付款码对准扫码口", "Please hold your payment code to the scanner"),
    "voice.pay_user_paying": T(
        "请在手机上输入支付密码", "Please enter your payment password on your phone"
    ),
    "voice.pay_failed": T(
        "支付未成功，没有扣款", "The payment did not go through; nothing was charged"
    ),
    "voice.pay_refunded": T("已退款，请取走退款凭证", "Refunded. Please take the refund receipt"),
    "voice.pay_done": T("缴费成功，请取走凭证", "Bill paid. Please take your receipt"),
}
