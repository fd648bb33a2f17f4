"""告知承诺制 (issue 21 item 6): the commitment's page, the signature pad, and what the
review says of the signed commitment. The form's own text comes from the platform."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

COMMITMENT_STRINGS: Mapping[str, T] = {
    "commitment.hint": T(
        "本事项实行告知承诺制：签署承诺书后，其代替的材料无需提交",
        "This matter runs under the commitment system: once you sign the commitment, "
        "the materials it replaces need not be handed in",
    ),
    "commitment.replaces": T("承诺代替的材料：{names}", "The commitment replaces: {names}"),
    "commitment.consequences": T(
        "虚假承诺的法律后果", "The legal consequences of a false commitment"
    ),
    "commitment.read_more": T(
        "请向下滑动，阅读至末尾后可签署", "Scroll down and read to the end to sign"
    ),
    "commitment.read_done": T(
        "您已阅读全文，点击“签署”后手写签名", "You have read it all: press Sign and sign by hand"
    ),
    "commitment.sign": T("签署", "Sign"),
    "signing.title": T("请在框内手写签名", "Sign here with your finger"),
    "signing.hint": T(
        "请用手指写下您的姓名；签名将与承诺书、本次申报和本终端绑定",
        "Write your name with your finger; the signature is bound to the commitment, this "
        "declaration and this kiosk",
    ),
    "signing.clear": T("重签", "Sign again"),
    "signing.confirm": T("确认签名", "Confirm signature"),
    "review.commitment": T("已签署承诺书", "Commitment signed"),
    "review.committed": T("已承诺", "By commitment"),
    "done.committed": T(
        "已签署告知承诺书，免交：{names}", "Commitment signed, not handed in: {names}"
    ),
    # spoken when the screens appear (kiosk/voice.py: voice.<screen>)
    "voice.commitment": T(
        "请阅读承诺书全文，读到末尾后点击签署", "Please read the commitment to the end, then sign"
    ),
    "voice.signing": T(
        "请用手指在签名框内写下您的姓名", "Please write your name on the pad with your finger"
    ),
}
