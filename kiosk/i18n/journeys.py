"""UI strings of the staff, progress, appointment and pickup-by-ID journeys, and the
voice prompts of every screen (merged into :data:`kiosk.i18n.STRINGS`)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

JOURNEY_STRINGS: Mapping[str, T] = {
    # staff login
    "attract.staff": T("工作人员入口", "Staff"),
    "staff.card.title": T("请将工作证放在读卡区", "Place your staff card on the reader"),
    "staff.card.body": T(
        "窗口工作人员和运维人员凭工作证和密码登录。",
        "Clerks and technicians log in with their staff card and PIN.",
    ),
    "staff.card.waiting": T("等待读取工作证…", "Waiting for a staff card…"),
    "staff.pin.title": T("请输入6位密码", "Enter your 6-digit PIN"),
    "staff.pin.body": T(
        "连续输错将锁定该工作证。离开前请退出登录。",
        "Repeated wrong PINs lock the card. Log out before you leave.",
    ),
    "staff.checking_pin": T("正在核对密码", "Checking the PIN"),
    "staff.locked.title": T("无法登录", "Cannot log in"),
    "staff.locked.body": T("请稍后再试或联系管理员。", "Try again later or ask an administrator."),
    "staff.menu.title": T("工作人员菜单", "Staff menu"),
    "staff.menu.who": T("工号 {staff_id} · {role}", "Staff {staff_id} · {role}"),
    "maintenance.check.platform": T("政务平台", "Platform"),
    "maintenance.check.outbox": T("离线队列", "Outbox"),
    "maintenance.check.disk": T("磁盘空间", "Disk"),
    "staff.menu.who_gesture": T("{role} · 维护密码登录", "{role} · maintenance PIN login"),
    "staff.role.clerk": T("窗口工作人员", "Clerk"),
    "staff.role.technician": T("运维人员", "Technician"),
    "staff.retrieve": T("取出投递材料", "Take out deposited materials"),
    "staff.retrieve.desc": T(
        "逐个打开投递格口，确认取出并打印交接单",
        "Open each drop compartment, confirm, print the hand-over slip",
    ),
    "staff.load": T("证照装柜", "Load certificates"),
    "staff.load.desc": T(
        "扫描办件编号，放入取件格口，平台短信通知申请人",
        "Scan the case code, load a pickup compartment, the resident gets an SMS",
    ),
    "staff.maintain": T("设备状态与测试", "Device status and tests"),
    "staff.maintain.desc": T(
        "设备状态、离线队列、平台连接、日志、磁盘空间，现场测试",
        "Devices, offline queue, platform, log, disk space; live tests",
    ),
    "staff.logout": T("退出登录", "Log out"),
    "staff.back_menu": T("返回菜单", "Back to menu"),
    "staff.timeout_hint": T(
        "无操作 {seconds} 秒后自动退出", "Logs out after {seconds} s without a tap"
    ),
    # retrieval
    "retrieval.listing": T("正在获取待取材料", "Loading the list"),
    "retrieval.title": T("待取出的投递材料", "Materials to take out"),
    "retrieval.subtitle": T(
        "上次取件以来投递的材料，共 {n} 件，已处理 {done} 件",
        "Deposited since the last retrieval: {n}, done {done}",
    ),
    "retrieval.open": T("开门", "Open"),
    "retrieval.time": T("投递 {time}", "Deposited {time}"),
    "retrieval.time_unknown": T("排队待发平台", "Still queued for the platform"),
    "retrieval.outcome.taken": T("已取出", "Taken"),
    "retrieval.outcome.missing": T("材料缺失", "Missing"),
    "retrieval.outcome.extra": T("已取出，有多余材料", "Taken, with extra papers"),
    "retrieval.finish": T("完成并打印交接单", "Finish and print the slip"),
    "retrieval.empty": T("没有待取出的材料", "Nothing to take out"),
    "opening_drop.title": T("正在打开格口", "Opening the compartment"),
    "drop_open.title": T("{compartment} 号格口已打开", "Compartment {compartment} is open"),
    "drop_open.body": T(
        "请取出材料，核对后选择结果，然后关好柜门。",
        "Take the materials out, check them, choose the result, then close the door.",
    ),
    "drop_open.case": T("办件 {case}", "Case {case}"),
    "drop_open.taken": T("已取出", "Taken"),
    "drop_open.missing": T("材料缺失", "Missing"),
    "drop_open.extra": T("有多余材料", "Extra papers"),
    "closing_drop.title": T("请关好柜门", "Please close the door"),
    "closing_drop.body": T("关门后返回列表。", "The list comes back once the door is shut."),
    "printing_slip.title": T("正在打印交接单", "Printing the hand-over slip"),
    # loading
    "load.title": T("证照装柜", "Load a certificate"),
    "load.body": T(
        "扫描回执或证照上的办件二维码，或输入办件编号。",
        "Scan the case QR code on the receipt or certificate, or type the case code.",
    ),
    "load.placeholder": T(
        "办件编号，如 CASE-20261123-000001", "Case code, e.g. CASE-20261123-000001"
    ),
    "load.size": T("证照尺寸（格口大小）", "Certificate size (compartment)"),
    "load.size.S": T("小", "Small"),
    "load.size.M": T("中", "Medium"),
    "load.size.L": T("大", "Large"),
    "load.ok": T("开门装柜", "Open a compartment"),
    "load.done_list": T("本次已装柜：{items}", "Loaded this session: {items}"),
    "checking_case.title": T("正在核对办件", "Checking the case"),
    "opening_pickup.title": T("正在打开取件格口", "Opening a pickup compartment"),
    "loading_door.title": T("{compartment} 号格口已打开", "Compartment {compartment} is open"),
    "loading_door.body": T(
        "请放入证照并关好柜门，平台将短信通知申请人取件。",
        "Put the certificate in and close the door; the platform texts the resident.",
    ),
    "recording_load.title": T("正在通知平台", "Telling the platform"),
    "loaded.title": T("已装柜", "Loaded"),
    "loaded.body": T(
        "办件 {case} 的证照已放入 {compartment} 号格口，平台已发送取件短信。",
        "The certificate of {case} is in compartment {compartment}; the pickup SMS is sent.",
    ),
    "loaded.body_case": T("办件 {case} · {matter}", "Case {case} · {matter}"),
    "loaded.next": T("装下一件", "Load the next one"),
    # maintenance
    "maintenance.title": T("设备状态与测试", "Device status and tests"),
    "maintenance.refresh": T("刷新", "Refresh"),
    "maintenance.checks": T("状态检查", "Checks"),
    "maintenance.tests": T("现场测试", "Live tests"),
    "maintenance.log": T("最近日志（已去除个人信息）", "Recent log (no personal data)"),
    "maintenance.audit": T("最近柜门记录", "Recent door events"),
    "maintenance.loading": T("正在检查…", "Checking…"),
    "maintenance.test.card": T("读身份证", "Read an ID card"),
    "maintenance.test.print": T("打印测试页", "Print a test receipt"),
    "maintenance.test.door": T("打开一个格口", "Open a compartment"),
    "maintenance.test.camera": T("拍摄一帧", "Show a camera frame"),
    "maintenance.ok": T("正常", "OK"),
    "maintenance.fail": T("故障", "Fault"),
    "maintenance.warn": T("注意", "Check"),
    # lookups
    "identify.progress.title": T("查询办件进度", "Check your case"),
    "identify.appointment.title": T("预约签到", "Appointment check-in"),
    "identify.progress.body": T(
        "请将回执上的二维码对准扫码口，或将身份证放在读卡区。",
        "Hold the QR code on your receipt to the scanner, or place your ID card on the reader.",
    ),
    "identify.appointment.body": T(
        "请将预约二维码对准扫码口，或将身份证放在读卡区。",
        "Hold your appointment QR code to the scanner, or place your ID card on the reader.",
    ),
    "identify.waiting": T("等待扫码或读卡…", "Waiting for a code or a card…"),
    "looking_up.title": T("正在查询", "Looking it up"),
    "progress_results.title": T("办件进度", "Your cases"),
    "progress_results.case": T("{matter}", "{matter}"),
    "progress_results.code": T("办件编号 {code} · 更新于 {time}", "Case {code} · updated {time}"),
    "progress_results.again": T("再查一件", "Check another"),
    "appointment_results.title": T("您的预约", "Your appointments"),
    "appointment_results.when": T("预约时间 {time}", "Booked for {time}"),
    "appointment_results.checkin": T("签到并办理", "Check in and start"),
    "step.identify": T("扫码或读卡", "Scan or card"),
    "step.lookup": T("查询", "Look up"),
    "step.checkin": T("签到", "Check in"),
    # USB drive and phone intake
    "capture.usb": T("U盘导入", "From USB"),
    "capture.phone": T("手机上传", "From phone"),
    "intake_usb.title": T("从U盘导入：{material}", "From a USB drive: {material}"),
    "intake_usb.body": T(
        "请插入U盘。只列出可以提交的文件（PDF、JPG、PNG），点选后添加。",
        "Insert your USB drive. Only files that can be handed in (PDF, JPG, PNG) are listed.",
    ),
    "intake_phone.title": T("用手机上传：{material}", "Upload from your phone: {material}"),
    "intake_phone.body": T(
        "请用手机扫描二维码，选择文件上传（链接一次有效，10分钟内）。收到的文件会显示在这里。",
        "Scan the QR code with your phone and upload the files (one-time link, 10 minutes). "
        "They appear here as they arrive.",
    ),
    "intake.scanning": T("正在读取…", "Reading…"),
    "intake.waiting": T("等待手机上传…", "Waiting for your phone…"),
    "intake.none": T("没有可导入的文件", "No file that can be imported"),
    "intake.rejected": T("{name}：{reason}", "{name}: {reason}"),
    "intake.attach": T("添加所选文件", "Add the chosen files"),
    "intake.back": T("返回材料", "Back to materials"),
    "intake.file": T("{name}（{size}）", "{name} ({size})"),
    "intake.preview_hint": T("点选文件即可在这里预览", "Tap a file to see it here"),
    "intake.preview_loading": T("正在打开预览…", "Opening the preview…"),
    "intake.file_shown": T("这是您选中的文件", "This is the file you chose"),
    "intake.preview_pages": T(
        "共 {pages} 页，此处显示第 1 页", "{pages} pages; the first is shown here"
    ),
    "intake.preview_failed": T(
        "无法预览此文件，仍可添加", "This file cannot be shown, but it can still be added"
    ),
    "intake.failed": T(
        "无法读取U盘，请拔出后重新插入", "The USB drive could not be read; plug it in again"
    ),
    # pickup by ID card
    "collect_failed.by_card": T("未能取件", "No certificate could be handed out"),
    "code.use_card": T("用身份证取件", "Use my ID card instead"),
    # voice prompts (spoken when the screen appears)
    "voice.attract": T(
        "您好，欢迎使用24小时自助服务区", "Welcome to the 24-hour self-service zone"
    ),
    "voice.home": T("请选择要办理的业务", "Please choose a service"),
    "voice.reading_card": T("请将身份证放在读卡区", "Please place your ID card on the reader"),
    "voice.face_check": T(
        "请正对摄像头，按屏幕提示做动作", "Please face the camera and do what the screen asks"
    ),
    "voice.face_failed": T("人脸核验未通过", "The face check did not pass"),
    "voice.choosing_matter": T("请选择办理事项", "Please choose the service"),
    "voice.filling_form": T("请核对并补充申请信息", "Please check and complete the form"),
    "voice.capturing": T(
        "请将材料放在高拍仪上，逐页拍摄", "Please place each page under the document camera"
    ),
    "voice.reviewing": T("请核对申报信息，确认后提交", "Please check everything, then submit"),
    "voice.depositing": T(
        "格口已打开，请放入纸质材料并关门",
        "The compartment is open; put the originals in and close it",
    ),
    "voice.done": T("申报完成，请取走回执", "Done. Please take your receipt"),
    "voice.entering_code": T(
        "请输入取件码或扫描取件二维码", "Please enter or scan your pickup code"
    ),
    "voice.collecting": T(
        "柜门已打开，请取件后关门", "The door is open; take your certificate and close it"
    ),
    "voice.collect_done": T("取件完成，感谢使用", "Collected. Thank you"),
    "voice.identifying": T(
        "请扫描二维码或放置身份证", "Please scan the code or place your ID card"
    ),
    "voice.progress_results": T("这是您的办件进度", "Here is the progress of your cases"),
    "voice.appointment_results": T("已找到您的预约", "We found your appointment"),
    "voice.staff_card": T("请刷工作证", "Please present your staff card"),
    "voice.staff_pin": T("请输入密码", "Please enter your PIN"),
    "voice.drop_open": T("格口已打开", "The compartment is open"),
    "voice.loading_door": T(
        "格口已打开，请放入证照并关门", "The compartment is open; load it and close the door"
    ),
}
