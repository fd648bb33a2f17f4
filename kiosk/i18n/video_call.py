"""Strings of the video call with staff (远程视频, issue 21 item 1): the consent before
the camera is shared, the call, its end, and the plain words when no one can answer
(the callback request is the help desk's, ``help.callback``)."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

VIDEO_CALL_STRINGS: Mapping[str, T] = {
    "video.consent.title": T("与工作人员视频通话", "Video call with staff"),
    "video.consent.body": T(
        "后台工作人员将与您一对一视频通话，解答问题、查看您的材料清单。",
        "A member of the back-office staff talks with you on video, one to one, answers"
        " your questions and looks at your list of materials.",
    ),
    "video.consent.camera": T(
        "您的画面和声音（人脸摄像头、麦克风）只在通话中传给工作人员，不录像、不保存。",
        "Your picture and voice (face camera, microphone) go to staff only during the"
        " call; nothing is recorded or kept.",
    ),
    "video.consent.case": T(
        "工作人员能看到您办理的事项、所在步骤和材料名称，看不到您的姓名、证件号码和材料内容。",
        "Staff see the service, the step you are on and the names of your materials;"
        " not your name, your ID number or the pages.",
    ),
    "video.consent.optional": T(
        "不想开摄像头？可以选择不用视频，工作人员会到自助机旁来。",
        "Rather not use the camera? Call staff without video and they come to the kiosk.",
    ),
    "video.consent.agree": T("同意，开始视频通话", "Agree and call"),
    "video.consent.decline": T("不用视频，请工作人员过来", "Call staff without video"),
    "video.back": T("返回继续办理", "Back to where I was"),
    "video.calling": T("正在呼叫工作人员…", "Calling staff…"),
    "video.ringing": T("正在等待工作人员接听…", "Waiting for staff to answer…"),
    "video.in_call": T("正在与工作人员视频通话", "On a video call with staff"),
    "video.own": T("我的画面", "You"),
    "video.notes": T("工作人员留言", "Notes from staff"),
    "video.notes_none": T("工作人员的留言会显示在这里", "Notes from staff appear here"),
    "video.approved": T("已同意“{name}”容缺后补", "{name}: hand in later, staff agreed"),
    "video.hang_up": T("挂断", "Hang up"),
    "video.ended.title": T("通话已结束", "The call has ended"),
    "video.ended.by_clerk": T(
        "工作人员已结束通话，您可以继续办理。", "Staff ended the call; you can carry on."
    ),
    "video.ended.by_resident": T("您已挂断通话，可以继续办理。", "You hung up; you can carry on."),
    "video.ended.link_lost": T(
        "通话连接中断了。可以再次呼叫，或留下电话请工作人员回电。",
        "The connection was lost. Call again, or ask for a call back.",
    ),
    "video.unavailable.title": T("暂时无法视频通话", "No video call just now"),
    "video.unavailable.no_answer": T(
        "工作人员暂时都在忙，没有接听。您可以留下电话，请工作人员回电；已填写的内容不会丢失。",
        "No one could answer just now. Leave your number and staff will call you back;"
        " nothing you entered is lost.",
    ),
    "video.unavailable.offline": T(
        "网络暂时不通，无法连线工作人员。您可以留下电话，网络恢复后工作人员回电；"
        "已填写的内容不会丢失。",
        "The network is down, so staff cannot be reached. Leave your number and staff"
        " will call you back once it is up; nothing you entered is lost.",
    ),
}
