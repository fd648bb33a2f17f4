"""What staff mode says, in plain words (zh/en)."""

from __future__ import annotations

from device_contracts import Text

NO_STAFF_READER = Text(
    "本机未配置工作证读卡器，请使用维护手势登录",
    "No staff card reader is configured; use the maintenance gesture",
)
PIN_FORMAT = Text("请输入6位密码", "Please enter your 6-digit PIN")
UNKNOWN_CARD = Text("该工作证未登记，请联系管理员", "This staff card is not registered")
LOGIN_TIMEOUT = Text("长时间未操作，已自动退出", "Logged out after a period of no activity")
NOT_ALLOWED = Text("您的账号无权进行此操作", "Your account may not do this")
LIST_FAILED = Text(
    "无法获取办件列表，已显示本机格口记录",
    "The case list could not be loaded; showing this kiosk's records",
)
NOTHING_TO_RETRIEVE = Text("没有待取出的材料", "There are no materials to take out")
CLOSE_DROP = Text("请取出材料并关好柜门", "Take out the materials and close the door")
DROP_DOOR_FAULT = Text(
    "柜门未能打开，请检查锁控板后重试",
    "The door did not open; check the lock board and try again",
)
DOOR_NOT_CLOSED = Text("柜门未关好，请关门", "The door was not closed, please close it")
SLIP_FAILED = Text(
    "交接单打印失败，请检查打印机；取件记录已保存",
    "The hand-over slip did not print; the record is saved",
)
CASE_FORMAT = Text("请输入或扫描办件编号", "Enter or scan the case code")
CASE_NOT_APPROVED = Text(
    "该办件尚未审批通过，不能装入证照",
    "This case is not approved yet; no certificate can be loaded",
)
CASE_ALREADY_LOADED = Text("该办件的证照已装柜", "This case's certificate is already loaded")
#: 物流服务: the resident chose the post; the back office posts it, no locker is used
CASE_BY_POST = Text(
    "该办件选择邮寄送达，无需装柜，请交后台寄出",
    "This certificate goes by post: hand it to the back office, not into a locker",
)
NO_PICKUP_COMPARTMENT = Text(
    "没有合适的空闲取件格口，请换大一号尺寸或稍后再试",
    "No free pickup compartment of that size; choose a larger size or try later",
)
PUT_CERTIFICATE = Text("请放入证照并关好柜门", "Put the certificate in and close the door")
LOAD_NOT_RECORDED = Text(
    "装柜记录暂未送达平台，将自动补发",
    "The platform has not confirmed the loading yet; it will be resent",
)
TEST_RUNNING = Text("正在测试…", "Testing…")
TEST_OK = Text("正常", "OK")


def door_jammed(jammed: str, now_open: str) -> Text:
    return Text(
        f"{jammed} 号柜门卡住，已改用 {now_open} 号格口",
        f"Door {jammed} is jammed; compartment {now_open} is used instead",
    )


def wrong_pin(attempts_left: int) -> Text:
    return Text(f"密码错误，还可尝试 {attempts_left} 次", f"Wrong PIN, {attempts_left} tries left")


def locked_out(seconds: int) -> Text:
    minutes = max(1, (seconds + 59) // 60)
    return Text(
        f"密码错误次数过多，已锁定 {minutes} 分钟", f"Too many wrong PINs; locked for {minutes} min"
    )


def card_tested(tail: str) -> Text:
    return Text(f"读卡正常（证件号尾号 {tail}）", f"Card read OK (ID ending {tail})")


def door_tested(compartment_id: str) -> Text:
    return Text(
        f"{compartment_id} 号格口已打开，请关门", f"Door {compartment_id} opened; please close it"
    )


# site setup (technician)
NO_SITE_SETUP = Text("本机未启用现场配置", "Site setup is not available on this kiosk")
SETUP_LOAD_FAILED = Text(
    "无法读取站点配置文件，请检查文件权限", "The site config file could not be read"
)
SETUP_INVALID = Text(
    "配置有误，未保存。请按下列提示修改：", "Not saved: the config has problems, see below"
)
SETUP_SAVE_FAILED = Text(
    "配置未能写入磁盘，原文件未改动", "The config could not be written; the file is unchanged"
)
SETUP_TEST_BUSY_DOOR = Text(
    "该格口内有物品，测试不会打开它，请选择空格口",
    "That compartment holds something; choose an empty one to test",
)
NO_COMPARTMENT_SELECTED = Text(
    "请先在格口图中选择一个格口", "Choose a compartment in the grid first"
)


def config_saved(path: str, backup: str | None) -> Text:
    if backup:
        return Text(
            f"已保存到 {path}，原配置备份为 {backup}。重启终端后生效。",
            f"Saved to {path}; the previous file is kept as {backup}. Restart the kiosk to apply.",
        )
    return Text(
        f"已保存到 {path}。重启终端后生效。", f"Saved to {path}. Restart the kiosk to apply."
    )


SETUP_TESTED_RUNNING = Text(
    "按当前运行的设置测试；保存并重启后使用新设置",
    "tested with the running settings; save and restart to use the new ones",
)
TEST_PRINTED = Text("测试页已打印，预览如下", "Test receipt printed; preview below")


def code_scanned(code: str) -> Text:
    shown = code if len(code) <= 24 else code[:21] + "…"
    return Text(f"扫码正常：{shown}", f"Scan OK: {shown}")
