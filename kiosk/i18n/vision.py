"""UI strings of the face-check consent, the assisted path and the OCR pre-fill (zh/en).

Merged into :data:`kiosk.i18n.STRINGS`; same rules (every key in both languages).
"""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text

T = Text

VISION_STRINGS: Mapping[str, Text] = {
    # consent before the face check
    "consent.title": T("人脸核验前，请您确认", "Before the face check: your consent"),
    "consent.body": T(
        "为确认是您本人办理，本机将用摄像头拍摄您的面部，与身份证照片（或政务平台留存的照片）进行比对，"
        "并请您眨眼、转头以确认是真人在场。",
        "To make sure it is you, this machine films your face and compares it with the photo "
        "of your ID card (or the photo the government platform holds), and asks you to blink "
        "and turn your head to show a real person is present.",
    ),
    "consent.compared": T(
        "比对内容：现场人脸 ↔ 证件照片", "Compared: your face now ↔ your ID photo"
    ),
    "consent.memory": T(
        "人脸图像只在本机内存中处理，不保存、不上传",
        "Face images are processed in this machine's memory only: never saved, never sent",
    ),
    "consent.cleared": T(
        "核验结果一出，图像立即清除；平台只记录“是否通过”",
        "They are cleared as soon as the result is known; only pass or fail is recorded",
    ),
    "consent.optional": T(
        "您可以不同意：工作人员可以现场核验您的身份并协助办理",
        "You may say no: a member of staff can check your identity in person and help you",
    ),
    "consent.agree": T("同意，开始人脸核验", "I agree: start the face check"),
    "consent.decline": T("不同意，人工协助办理", "No: staff assistance"),
    # the assisted path (no face check)
    "assisted.title": T("人工协助办理", "Staff assistance"),
    "assisted.body": T(
        "不进行人脸核验时，本机无法确认是您本人。请呼叫工作人员：工作人员现场查验您的身份证后，"
        "在本机刷工作证并输入密码确认，您即可继续办理。也可以结束本次办理，或改为进行人脸核验。"
        "本次尚未提交任何内容。",
        "Without the face check this machine cannot confirm it is you. Call a member of staff: "
        "they check your ID card in person and confirm it on this machine with their staff card "
        "and PIN, then you go on. You may also end here, or do the face check after all. Nothing "
        "has been submitted yet.",
    ),
    "assisted.body_pickup": T(
        "不进行人脸核验时，本机无法确认是您本人。请呼叫工作人员：工作人员现场查验您的身份证后，"
        "在本机刷工作证并输入密码确认，取件柜门才会打开。也可以结束本次取件，或改为进行人脸核验。",
        "Without the face check this machine cannot confirm it is you. Call a member of staff: "
        "they check your ID card in person and confirm it on this machine with their staff card "
        "and PIN; only then does the compartment open. You may also end here, or do the face "
        "check after all.",
    ),
    "assisted.body_no_face": T(
        "人脸核验未能通过。请呼叫工作人员：工作人员现场查验您的身份证后，在本机刷工作证并输入密码确认，"
        "您即可继续办理。也可以结束本次办理。本次尚未提交任何内容。",
        "The face check did not succeed. Call a member of staff: they check your ID card in "
        "person and confirm it on this machine with their staff card and PIN, then you go on. "
        "You may also end here. Nothing has been submitted yet.",
    ),
    "assisted.body_pickup_no_face": T(
        "人脸核验未能通过。请呼叫工作人员：工作人员现场查验您的身份证后，在本机刷工作证并输入密码确认，"
        "取件柜门才会打开。也可以结束本次取件。",
        "The face check did not succeed. Call a member of staff: they check your ID card in "
        "person and confirm it on this machine with their staff card and PIN; only then does "
        "the compartment open. You may also end here.",
    ),
    "assisted.call": T("呼叫工作人员", "Call staff"),
    "assisted.called": T(
        "已呼叫工作人员，请在本机旁稍候", "Staff have been called: please wait by the machine"
    ),
    "assisted.continue": T("工作人员刷卡确认", "Staff: confirm with staff card"),
    "assisted.face": T("改为人脸核验", "Do the face check instead"),
    "assisted.end": T("结束办理", "End here"),
    # the staff member confirms the identity on the kiosk (staff card + PIN)
    "assist.card.title": T(
        "请工作人员刷卡确认身份", "Staff confirmation: place your staff card on the reader"
    ),
    "assist.card.body": T(
        "请现场查验过申请人身份证的工作人员将工作证放在读卡区，然后输入密码。申请人无需操作。",
        "The member of staff who checked the resident's ID card in person places their staff "
        "card on the reader, then enters their PIN. The resident need not do anything.",
    ),
    "assist.pin.title": T("工作人员确认：请输入密码", "Staff confirmation: enter your PIN"),
    "assist.pin.body": T(
        "请输入6位密码。输入密码即表示您已现场查验申请人的身份证，确认记录将写入审计日志。"
        "连续输错将锁定该工作证。",
        "Enter your 6-digit PIN. With it you confirm that you checked the resident's ID card "
        "in person; the confirmation is recorded in the audit log. Repeated wrong PINs lock "
        "the card.",
    ),
    "assist.locked.title": T("无法完成工作人员确认", "Staff confirmation is not possible"),
    "assist.locked.body": T(
        "该工作证暂时无法确认身份。请由其他工作人员刷卡确认，或返回改为人脸核验。",
        "This staff card cannot confirm now. Another member of staff may confirm with their "
        "card, or go back and choose the face check.",
    ),
    "assist.locked.reason": T(
        "{reason}。请由其他工作人员刷卡确认，或返回改为人脸核验。",
        "{reason}. Another member of staff may confirm with their card, or go back and choose "
        "the face check.",
    ),
    "assist.back": T("返回重新选择核验方式", "Back: choose how to check"),
    "assist.another": T("换一位工作人员刷卡", "Another staff card"),
    "face_failed.assist": T("改为人工协助", "Switch to staff assistance"),
    # OCR: what was read from the materials
    "ocr.reading": T("正在识别…", "Reading…"),
    "ocr.fits": T("✓ 材料相符", "✓ Looks right"),
    "ocr.other": T("类型不符，请核对", "Wrong kind? Please check"),
    "ocr.unknown": T("未能识别", "Not recognised"),
    "ocr.read_from": T("识别自：{material}，请核对", "Read from: {material}. Please check"),
    "ocr.differs": T("材料上为：{value}", "The material says: {value}"),
    "review.read": T("从材料中识别的信息", "Read from your materials"),
    "review.read_hint": T(
        "以下信息由本机从您的材料中识别，请核对；如有错误请点击“修改”。",
        "The machine read these from your materials. Please check them and tap Correct "
        "if anything is wrong.",
    ),
    "review.read_filled": T("已填入", "Filled in"),
    "review.read_matches": T("✓ 与表单一致", "✓ Same as the form"),
    "review.read_differs": T("与表单不一致，请核对", "Not what the form says: please check"),
    "review.edit": T("修改", "Correct"),
    "review.identity_staff": T(
        "身份核验：工作人员现场核验", "Identity: checked by staff in person"
    ),
    # voice prompts of the new screens
    "voice.face_consent": T(
        "人脸核验前，请阅读说明，选择同意或人工协助",
        "Before the face check, please read and choose: agree, or staff assistance",
    ),
    "voice.assisted": T(
        "请呼叫工作人员，由工作人员现场核验身份",
        "Please call staff to check your identity in person",
    ),
    "voice.assist_card": T(
        "请工作人员刷工作证确认身份", "Staff: please place your staff card on the reader"
    ),
    "voice.assist_pin": T("请工作人员输入密码", "Staff: please enter your PIN"),
    "voice.assist_locked": T("无法完成工作人员确认", "Staff confirmation is not possible"),
}
