"""UI strings of a matter's guide (办事指南, 一次性告知), shown before the ID card
(merged into :data:`kiosk.i18n.STRINGS`)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

GUIDE_STRINGS: Mapping[str, T] = {
    "guide.materials": T("申请材料", "Materials to bring"),
    "guide.required": T("必交", "Required"),
    "guide.optional": T("选交", "Optional"),
    # before the card only the catalogue is known: whether this resident holds the
    # licence is looked up after identification
    "guide.e_licence": T("可调用电子证照", "May come from your electronic licence"),
    "guide.deferrable": T("容缺，{days} 日内补交", "Later, within {days} days"),
    "guide.fee": T("收费标准", "Fee"),
    "guide.days": T("承诺时限", "Time limit"),
    "guide.days.value": T("{n} 个工作日", "{n} working days"),
    "guide.days.value.one": T("{n} 个工作日", "{n} working day"),
    "guide.delivery": T("送达方式", "How the result comes back"),
    "guide.delivery.locker": T("自助柜取件（凭取件码）", "Pickup locker (with a pickup code)"),
    "guide.delivery.post": T("邮寄（EMS）", "By post (EMS)"),
    "guide.delivery.in_person": T("窗口领取", "At the service window"),
    "guide.scan": T("扫码带走办事指南", "Scan to take this guide with you"),
    "guide.note": T(
        "只看指南无需身份证，不留任何信息；继续办理需核验身份。",
        "Reading needs no ID card and leaves nothing behind; to declare, you are identified next.",
    ),
    "guide.continue": T("继续办理（请备好身份证）", "Continue (ID card next)"),
    "guide.leave": T("看完了，返回首页", "Done reading: back to start"),
    "voice.guide": T(
        "请阅读办事指南，备齐材料后继续办理", "Please read the guide, then continue when ready"
    ),
}
