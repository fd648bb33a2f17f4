"""Strings of 呼叫工作人员 (issue 19 item 1): what the kiosk can truthfully say about a
call: sent and not yet answered, answered with the wait, kept until the network is
back, or no one on duty now with the callback request instead."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

HELP_STRINGS: Mapping[str, T] = {
    "help.title": T("呼叫工作人员", "Call staff"),
    "help.calling": T("正在呼叫工作人员…", "Calling staff…"),
    "help.open": T(
        "已通知值班工作人员，正在等待回应。请留在原处，屏幕会显示工作人员的答复。",
        "The staff on duty have been called; waiting for an answer. Please stay here:"
        " this screen will show their reply.",
    ),
    "help.queued": T(
        "网络暂时中断，呼叫已记下，网络恢复后立即发出。急需帮助请拨打服务电话 12345。",
        "The network is down for now: the call is kept and goes out as soon as it is back."
        " For urgent help, call 12345.",
    ),
    "help.acknowledged": T(
        "工作人员已收到呼叫，约 {minutes} 分钟后到达，请稍候。",
        "A member of staff has your call and will be with you in about {minutes} min.",
    ),
    "help.acknowledged_now": T(
        "工作人员已收到呼叫，马上就到，请稍候。",
        "A member of staff has your call and is on the way now.",
    ),
    "help.off_duty": T(
        "现在没有工作人员值班（值班时间 {hours}）。您可以留下手机号码，工作人员上班后给您回电。",
        "No staff are on duty now (staff hours {hours}). Leave your mobile number and"
        " staff will call you back when they are in.",
    ),
    "help.callback": T("留下电话，请工作人员回电", "Ask for a call back"),
    "help.phone_prompt": T("请输入您的 11 位手机号码", "Enter your 11-digit mobile number"),
    "help.phone_invalid": T(
        "手机号码不正确，请检查后重新输入", "That is not a mobile number; please check it"
    ),
    "help.callback_sent": T(
        "已记下回电请求，工作人员上班后将致电 {phone}。",
        "Your call-back request is noted: staff will call {phone} when they are in.",
    ),
    "help.callback_queued": T(
        "已记下回电请求（{phone}），网络恢复后立即发出。",
        "Your call-back request ({phone}) is kept and goes out as soon as the network is back.",
    ),
    "help.refused": T("呼叫没有发出：{reason}", "The call did not go through: {reason}"),
    "help.close": T("知道了", "OK"),
    "help.cancel": T("不用了", "Never mind"),
    "help.unavailable": T(
        "本机暂时无法呼叫工作人员，请到服务台或拨打服务电话 12345",
        "This kiosk cannot call staff right now; please go to the service desk or call 12345",
    ),
}
