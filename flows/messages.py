"""What the journeys say to the resident when something goes wrong, in plain words."""

from __future__ import annotations

from device_contracts import Text
from flows.message_kind import Information

CARD_EXPIRED = Text(
    "身份证已过期，请使用有效证件", "This ID card has expired, please use a valid one"
)
FACE_NO_MATCH = Text(
    "人脸与证件照片不一致，请正对摄像头重试",
    "Your face did not match the card, please face the camera and try again",
)
FACE_NOT_LIVE = Text(
    "未通过活体检测，请正对摄像头重试", "The liveness check failed, please try again"
)
FACE_EXHAUSTED = Text(
    "多次核验未通过，请联系工作人员", "Verification failed several times, please ask staff for help"
)
CATALOG_LOADING = Text("正在加载事项目录，请稍候", "Loading the list of services, please wait")
CATALOG_FAILED = Text(
    "事项目录暂时无法加载，请点击重试", "The list of services could not be loaded, please try again"
)
MATTER_UNKNOWN = Text("未找到该事项", "That service was not found")
FORM_INVALID = Text("请检查标红的项目", "Please check the highlighted fields")
MATERIAL_UNKNOWN = Text("该事项不需要此材料", "This service does not ask for that material")
NOT_DEFERRABLE = Text("该材料不可容缺，须现在提交", "This material cannot be handed in later")
SUBMIT_FAILED = Text(
    "提交未成功，请重试或联系工作人员",
    "The declaration was not submitted, please try again or ask staff",
)
NO_COMPARTMENT = Text(
    "暂无空闲的投递格口，请将纸质材料交给工作人员",
    "No compartment is free, please hand the paper originals to staff",
)
DOOR_FAULT = Text(
    "柜门未能打开，请将纸质材料交给工作人员",
    "The compartment did not open, please hand the originals to staff",
)
DOOR_LEFT_OPEN = Text(
    "柜门未关好，已通知工作人员", "The compartment door was left open; staff have been told"
)
CLOSE_DOOR_FIRST = Text(
    "请先放入材料并关好柜门", "Please put the originals in and close the door first"
)
RECEIPT_FAILED = Text(
    "回执打印失败，请记下屏幕上的编码",
    "The receipt could not be printed, please note the code on screen",
)
CODE_FORMAT = Text("请输入6位数字取件码", "Please enter the 6-digit pickup code")
CODE_EXHAUSTED = Text(
    "取件码错误次数过多，请联系工作人员", "Too many wrong codes, please ask staff for help"
)
PICKUP_DOOR_FAULT = Text(
    "取件格口未能打开，请联系工作人员", "The compartment did not open, please ask staff for help"
)
TAKE_AND_CLOSE = Text("请取出证照并关好柜门", "Please take your certificate and close the door")


def missing_materials(names: list[Text]) -> Text:
    return Text(
        "请补充以下材料：" + "、".join(n.zh for n in names),
        "Please add: " + ", ".join(n.en for n in names),
    )


def wrong_code(message: Text, attempts_left: int) -> Text:
    return Text(
        f"{message.zh}（还可尝试{attempts_left}次）",
        f"{message.en} ({attempts_left} tries left)",
    )


def put_originals(compartment_id: str) -> Text:
    return Text(
        f"请将纸质材料原件放入 {compartment_id} 号格口，然后关好门",
        f"Put the paper originals in compartment {compartment_id}, then close the door",
    )


PLATFORM_UNAVAILABLE = Text(
    "政务服务平台暂时无法连接，请稍后再试",
    "The service platform cannot be reached, please try later",
)

NOT_YOUR_APPOINTMENT = Text(
    "该身份证与预约人不一致，请使用预约人本人的身份证",
    "This ID card is not the one the appointment was booked with",
)

# --------------------------------------------------------------------------- added: face
# consent, the assisted path and reading the materials (OCR)
CALL_STAFF_FIRST = Text(
    "请先呼叫工作人员，由工作人员现场核验身份",
    "Please call staff first: a member of staff checks your identity in person",
)
STAFF_CALLED = Text(
    "已通知工作人员，请稍候；工作人员到场核验身份后可继续办理",
    "Staff have been called. Please wait: once they have checked your identity you can go on",
)
READING_PAGES = Information(
    "正在识别材料内容，请稍候", "Reading your materials, please wait a moment"
)
# the assisted path's staff confirmation (staff card + PIN, flows/assisted.py)
NO_STAFF_CHECK = Text(
    "本机暂不能由工作人员刷卡确认身份，请到人工窗口办理，或改为人脸核验",
    "Staff cannot confirm identities on this kiosk; please go to a staffed counter "
    "or do the face check",
)
STAFF_NOT_ALLOWED = Text(
    "该工作证无权确认申请人身份，请换一张工作证",
    "This staff card may not confirm a resident's identity; please use another one",
)


def values_read(n: int) -> Information:
    return Information(
        f"已从材料中识别并填写 {n} 项，请在确认页核对",
        f"{n} value(s) were read from your materials and filled in: please check them on the review page",
    )
