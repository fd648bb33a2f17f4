"""UI strings in Chinese and English, keyed by id.

Screens never hold translated strings: they keep ids and :class:`Text` values
and render them with the current language, so the language switches live
without rebuilding a flow. ``tr("done.code", "en", code="X")`` formats with
``str.format`` fields. A count goes in the field ``n`` (or ``days``): ``<key>.one``
(kiosk/i18n/plurals.py) is the string for exactly one ("1 page"), ``<key>`` the rest.
The words are the glossary's (assets/glossary.toml, tests/unit/test_vocabulary.py).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from device_contracts import Text
from kiosk.i18n.capture import CAPTURE_LIVE_STRINGS
from kiosk.i18n.card import CARD_STRINGS
from kiosk.i18n.commitment import COMMITMENT_STRINGS
from kiosk.i18n.delivery import DELIVERY_STRINGS
from kiosk.i18n.evaluation import EVALUATION_STRINGS
from kiosk.i18n.face import FACE_STRINGS
from kiosk.i18n.guide import GUIDE_STRINGS
from kiosk.i18n.help import HELP_STRINGS
from kiosk.i18n.journeys import JOURNEY_STRINGS
from kiosk.i18n.next import NEXT_STRINGS
from kiosk.i18n.payments import PAYMENT_STRINGS
from kiosk.i18n.plurals import PLURAL_STRINGS
from kiosk.i18n.privacy import PRIVACY_STRINGS
from kiosk.i18n.self_print import SELF_PRINT_STRINGS
from kiosk.i18n.setup import SETUP_STRINGS
from kiosk.i18n.video_call import VIDEO_CALL_STRINGS
from kiosk.i18n.vision import VISION_STRINGS

log = logging.getLogger(__name__)

LANGUAGES = ("zh", "en")
DEFAULT_LANG = "zh"
#: the fields that count something: 1 picks a string's ``<key>.one``
COUNT_FIELDS = ("n", "days")

T = Text

STRINGS: Mapping[str, Text] = {
    # shell
    "app.title": T("24小时自助服务区", "24-hour Self-Service Zone"),
    "app.subtitle": T("政务服务 · 全天候自助办理", "Government services, any time of day"),
    "header.lang": T("English", "中文"),
    "header.large_text": T("大字版", "Large text"),
    "header.standard_text": T("标准版", "Standard text"),
    "header.call_staff": T("呼叫工作人员", "Call staff"),
    "header.staff_called": T(
        "已通知工作人员，请稍候，工作人员马上就到",
        "Staff have been called and will be with you shortly",
    ),
    "footer.back": T("返回上一步", "Back"),
    "footer.cancel": T("取消办理", "Cancel"),
    "footer.home": T("返回首页", "Home"),
    # idle
    "idle.title": T("您还在吗？", "Are you still there?"),
    "idle.body": T(
        "为保护您的个人信息，{seconds} 秒后将结束本次办理并清除已填写的信息。",
        "To protect your personal data, this session will end and be cleared in {seconds} s.",
    ),
    "idle.continue": T("继续办理", "Continue"),
    "idle.end": T("结束办理", "End now"),
    # attract
    "attract.title": T("24小时自助服务区", "24-hour Self-Service Zone"),
    "attract.tagline": T(
        "自助申报 · 自助取件 · 进度查询 · 预约签到",
        "Declare · Collect · Check progress · Appointment check-in",
    ),
    "attract.touch": T("请触摸屏幕开始办理", "Touch the screen to start"),
    "attract.hint": T(
        "需要帮助？请点击屏幕上方的“呼叫工作人员”",
        "Need help? Tap 'Call staff' at the top of the screen",
    ),
    # home
    "home.title": T("请选择您要办理的业务", "What would you like to do?"),
    "home.declare": T("办事申报", "Declare a matter"),
    "home.declare.desc": T(
        "先看办事指南，再刷身份证核验、在线申报，投递纸质材料",
        "Read the guide, then ID card and face check, the form, your papers",
    ),
    "home.collect": T("自助取件", "Collect a certificate"),
    "home.collect.desc": T(
        "输入取件码，从取件柜取走证照",
        "Enter your pickup code and take your certificate from the locker",
    ),
    "home.progress": T("进度查询", "Check progress"),
    "home.progress.desc": T("查询办件进度", "See where your case is"),
    "home.appointment": T("预约签到", "Appointment check-in"),
    "home.appointment.desc": T("扫描预约二维码签到", "Scan your appointment QR code"),
    "home.soon": T("即将开放", "Coming soon"),
    # coming soon
    "soon.title": T("该服务即将开放", "This service is coming soon"),
    "soon.body": T(
        "“{service}”正在接入中。您可以前往人工窗口办理，或点击“呼叫工作人员”获得帮助。",
        "'{service}' is being connected. Please use a staffed counter or tap 'Call staff'.",
    ),
    # steps
    "step.identity": T("身份核验", "Identity"),
    "step.matter": T("选择事项", "Choose matter"),
    "step.form": T("填写信息", "Fill in form"),
    "step.materials": T("提交材料", "Materials"),
    "step.review": T("确认提交", "Review"),
    "step.deposit": T("投递材料", "Hand in papers"),
    "step.receipt": T("领取回执", "Receipt"),
    "step.code": T("输入取件码", "Pickup code"),
    "step.verify": T("核验", "Check"),
    "step.collect": T("取件", "Collect"),
    "step.finish": T("完成", "Finished"),
    # place card
    "card.title": T("请将身份证放在读卡区", "Place your ID card on the reader"),
    "card.body": T(
        "读卡区位于屏幕下方右侧，请将身份证平放并保持不动，直到读取完成。",
        "The reader is below the screen on the right. Lay the card flat and keep it still until it is read.",
    ),
    "card.reading": T("正在等待读取身份证…", "Waiting for your ID card…"),
    "card.retry": T("重新读取", "Try again"),
    "card.also": T(
        "支持居民身份证、外国人永久居留身份证、港澳台居民居住证",
        "Resident ID cards, foreign permanent resident cards and HK/Macao/Taiwan residence permits",
    ),
    # face
    "face.title": T("请正对摄像头，进行人脸核验", "Look at the camera for the face check"),
    "face.body": T(
        "请摘下帽子和口罩，把脸放进椭圆框内，按屏幕提示做动作。",
        "Please remove hat and mask, keep your face in the oval and do what the screen asks.",
    ),
    "face.checking": T("正在核验，请保持不动…", "Checking, please hold still…"),
    "face.privacy": T(
        "人脸图像仅用于本次核验，核验后立即删除",
        "Your face image is used only for this check and deleted right after",
    ),
    "face_failed.title": T("人脸核验未通过", "The face check did not succeed"),
    "face_failed.body": T(
        "可能是光线或角度原因。请正对摄像头后重试，或联系工作人员帮助。",
        "This can be the light or the angle. Face the camera and try again, or ask staff for help.",
    ),
    "face_failed.attempts": T("还可以尝试 {n} 次", "{n} attempts left"),
    "face_failed.none_left": T(
        "已没有重试机会。请点击“{button}”：工作人员会当面核验您的身份证。",
        "No attempts left. Tap '{button}': a member of staff checks your ID card in person.",
    ),
    "face_failed.retry": T("再试一次", "Try again"),
    # matter
    "matter.title": T("请选择要办理的事项", "Choose the matter to declare"),
    "matter.search": T(
        "输入事项名称、关键词或拼音首字母搜索", "Search by name, keyword or pinyin (e.g. hukou)"
    ),
    "matter.all": T("全部", "All"),
    "matter.results": T("共 {n} 项", "{n} matters"),
    "matter.none": T("没有找到相关事项，请换个关键词", "Nothing found, try another word"),
    "matter.loading": T("正在加载事项目录…", "Loading the list of matters…"),
    "matter.days": T("{dept} · 承诺时限 {days} 个工作日", "{dept} · {days} working days"),
    # form
    "form.title": T("请核对并填写申报信息", "Check and complete your details"),
    "form.hint": T(
        "灰色项目由身份证读取，不可修改；请填写其余项目。带 * 为必填项。",
        "Grey fields are read from your ID card and cannot be changed; fill in the rest."
        " * means required.",
    ),
    "form.next": T("下一步", "Next"),
    "form.choose": T("请选择", "Please choose"),
    # capture
    "capture.title": T("请提交申请材料", "Hand in your materials"),
    "capture.hint": T(
        "将材料正面朝上放在高拍仪下方，点击“拍摄”。每页拍摄一次。",
        "Put each page face up under the document camera and tap 'Capture'.",
    ),
    "capture.capture": T("拍摄", "Capture"),
    "capture.capturing": T("拍摄中…", "Capturing…"),
    "capture.remove": T("删除", "Delete"),
    "capture.defer": T("容缺后补", "Hand in later"),
    "capture.undefer": T("取消后补", "Hand in now"),
    "capture.required": T("必交", "Required"),
    "capture.optional": T("选交", "Optional"),
    "capture.pages": T("已拍 {n} 页", "{n} pages"),
    "capture.missing": T("未提交", "Missing"),
    "capture.deferred": T("容缺，{days} 日内补交", "Later, within {days} days"),
    "capture.licensed": T(
        "✓ 已调取您的电子证照，无需提交纸质材料",
        "✓ Your electronic licence is on file: no paper needed",
    ),
    "capture.ok": T("已提交", "Done"),
    "capture.next": T("下一步", "Next"),
    # review
    "review.title": T("请确认申报内容", "Check your declaration"),
    "review.matter": T("申报事项", "Matter"),
    "review.form": T("申报信息", "Your details"),
    "review.materials": T("申请材料", "Materials"),
    "review.submit": T("确认提交", "Submit"),
    "review.pages": T("{n} 页", "{n} pages"),
    "review.deferred": T("容缺后补", "Hand in later"),
    "review.licensed": T("电子证照", "Electronic licence"),
    "review.missing": T("未提交", "Not handed in"),
    # busy
    "submitting.title": T("正在提交，请稍候…", "Submitting, please wait…"),
    "submitting.body": T(
        "请勿离开。网络中断时申报会保存在本机，恢复后自动提交，不会丢失。",
        "Please stay. If the network is down your declaration is kept here and sent later.",
    ),
    "printing.title": T("正在打印回执…", "Printing your receipt…"),
    "printing.body": T("请在出纸口取走回执", "Take the receipt from the slot"),
    "verifying.title": T("正在核验取件码…", "Checking your pickup code…"),
    "opening.title": T("正在打开格口…", "Opening the compartment…"),
    "confirming.title": T("正在确认取件…", "Confirming your pickup…"),
    "busy.wait": T("请稍候", "Please wait"),
    # deposit
    "deposit.title": T("请投递纸质材料原件", "Put your paper originals in"),
    "deposit.open": T("{compartment} 号格口已打开", "Compartment {compartment} is open"),
    "deposit.body": T(
        "请将纸质材料原件放入柜内，然后关好柜门。",
        "Put your paper originals inside, then close the door.",
    ),
    "deposit.waiting": T("正在等待柜门关闭…", "Waiting for the door to close…"),
    "deposit.allocating": T("正在分配投递格口…", "Finding a compartment…"),
    "deposit.skip": T("交给工作人员", "Give them to staff"),
    # done
    "done.title": T("申报成功", "Declaration received"),
    "done.queued_title": T("申报已保存", "Declaration saved"),
    "done.instant_title": T("已办结（秒批）", "Approved at once"),
    "done.instant": T(
        "平台已按规则批准，批准时间：{time}", "The platform approved it by rule at {time}"
    ),
    "done.queued": T(
        "网络恢复后将自动提交，受理结果会短信通知您。",
        "It will be sent automatically when the network is back; you will get an SMS.",
    ),
    "done.code": T("办件编号", "Case code"),
    "done.compartment": T(
        "材料已投入 {compartment} 号格口", "Papers left in compartment {compartment}"
    ),
    "done.no_compartment": T("纸质材料请交给工作人员", "Please give your paper originals to staff"),
    "done.licensed": T(
        "✓ 电子证照已核验，免交纸质材料：{names}",
        "✓ Electronic licences used, no paper needed: {names}",
    ),
    "done.deferred": T("容缺材料（请按期补交）", "Materials to hand in later"),
    "done.deferred_item": T("{name}：{days} 日内补交", "{name}: within {days} days"),
    "done.receipt": T("请取走回执。", "Please take your receipt."),
    "done.receipt_failed": T(
        "回执打印失败，请拍照或记下办件编号。",
        "The receipt could not be printed; please note or photograph the case code.",
    ),
    "done.scan": T("手机扫码查看进度", "Scan to follow your case"),
    "done.finish": T("完成", "Finish"),
    # collection
    "code.title": T("请输入6位取件码", "Enter your 6-digit pickup code"),
    "code.body": T(
        "取件码在短信通知中，也可以将取件二维码对准扫码口。",
        "The code is in your SMS; you can also hold the pickup QR code to the scanner.",
    ),
    "code.ok": T("确定", "OK"),
    "code.clear": T("清空", "Clear"),
    "code.delete": T("删除", "Delete"),
    "code.attempts": T("还可以尝试 {n} 次", "{n} attempts left"),
    # on-screen keyboard (kiosk/ui/widgets/keyboard.py)
    "osk.space": T("空格", "Space"),
    "osk.done": T("完成", "Done"),
    "osk.delete": T("删除", "Delete"),
    "osk.symbols": T("123", "123"),
    "osk.letters": T("字母", "ABC"),
    "osk.lang": T("中/英", "中/En"),
    "osk.shift": T("大写", "Shift"),
    "osk.mode.pinyin": T(
        "拼音输入：输入拼音，点选汉字", "Pinyin: type the pinyin, tap the characters"
    ),
    "osk.mode.latin": T("英文字母", "Letters"),
    "osk.mode.symbols": T("数字和符号", "Numbers and symbols"),
    "osk.loading": T("正在准备汉字输入…", "Getting Chinese input ready…"),
    "osk.none": T(
        "没有对应的汉字，请检查拼音", "No characters for this pinyin; check the spelling"
    ),
    "collect.title": T("柜门已打开，请取件", "The door is open, take your certificate"),
    "collect.open": T("{compartment} 号格口已打开", "Compartment {compartment} is open"),
    "collect.body": T(
        "请取出您的证照，然后关好柜门。", "Take out your certificate, then close the door."
    ),
    "collect.matter": T("办件：{matter}", "Case: {matter}"),
    "collect_done.title": T("取件完成", "Collected"),
    "collect_done.body": T(
        "感谢使用，请带好您的证照和回执。", "Thank you. Please take your certificate and receipt."
    ),
    "collect_failed.title": T("柜门未能打开", "The door did not open"),
    "collect_failed.body": T(
        "请联系工作人员帮助取件，您的证照不会丢失。",
        "Please ask staff to help you; your certificate is safe.",
    ),
    "common.finish": T("完成", "Finish"),
    "common.back_home": T("返回首页", "Back to start"),
}

#: the staff, progress, appointment and pickup-by-ID screens and the voice prompts
STRINGS = {**STRINGS, **JOURNEY_STRINGS}
#: the technician's site setup (added)
STRINGS = {**STRINGS, **SETUP_STRINGS}
#: the face-check consent, the assisted path, what OCR read (added)
STRINGS = {**STRINGS, **VISION_STRINGS}
#: the live face check's steps, hints and their voice prompts (issue 18)
STRINGS = {**STRINGS, **FACE_STRINGS}
#: the live materials screen: the document camera's steps and hints (issue 18)
STRINGS = {**STRINGS, **CAPTURE_LIVE_STRINGS}
#: masked ID and phone numbers (issue 19)
STRINGS = {**STRINGS, **PRIVACY_STRINGS}
#: English for exactly one: "1 page" (issue 19)
STRINGS = {**STRINGS, **PLURAL_STRINGS}
#: 呼叫工作人员: what became of the call (issue 19 item 1)
STRINGS = {**STRINGS, **HELP_STRINGS}
#: 请取回身份证: the ID card given back (issue 19 item 6)
STRINGS = {**STRINGS, **CARD_STRINGS}
#: the matter's guide, before the ID card (issue 19 item 7)
STRINGS = {**STRINGS, **GUIDE_STRINGS}
#: why the materials screen's 下一步 is greyed (issue 19 item 3)
STRINGS = {**STRINGS, **NEXT_STRINGS}
#: the commitment signed by hand (issue 21 item 6)
STRINGS = {**STRINGS, **COMMITMENT_STRINGS}
#: 打印证照, the self-print of documents (issue 21 item 3)
STRINGS = {**STRINGS, **SELF_PRINT_STRINGS}
#: the rating after a journey (好差评, issue 21 item 4)
STRINGS = {**STRINGS, **EVALUATION_STRINGS}
#: the certificate by post or in the locker (issue 21 item 5)
STRINGS = {**STRINGS, **DELIVERY_STRINGS}
#: the video call with staff (issue 21 item 1)
STRINGS = {**STRINGS, **VIDEO_CALL_STRINGS}
#: paying at the kiosk: utility bills and a matter's fee (issue 23)
STRINGS = {**STRINGS, **PAYMENT_STRINGS}


def normalize(lang: str) -> str:
    return "zh" if lang.lower().startswith("zh") else "en"


def tr(key: str, lang: str, **fields: object) -> str:
    """The UI string ``key`` in ``lang``; an unknown key shows as itself (and is logged)."""
    entry = STRINGS.get(key)
    if any(fields.get(c) == 1 for c in COUNT_FIELDS) and f"{key}.one" in STRINGS:
        entry = STRINGS[f"{key}.one"]  # English counts "1 page", "2 pages"
    if entry is None:
        log.warning("missing UI string", extra={"key": key})
        return key
    s = entry.get(normalize(lang))
    return s.format(**fields) if fields else s


def text(value: Text | None, lang: str) -> str:
    """Render a :class:`Text` from the flows or devices; ``None`` is empty."""
    return "" if value is None else value.get(normalize(lang))


def other(lang: str) -> str:
    """The language the switch button offers."""
    return "en" if normalize(lang) == "zh" else "zh"
