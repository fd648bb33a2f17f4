"""The declaration's delivery step (物流服务, issue 21 item 5): the locker or the post,
the address form, and what the review and the done page say of it."""

from __future__ import annotations

from collections.abc import Mapping

from device_contracts import Text as T

DELIVERY_STRINGS: Mapping[str, T] = {
    "delivery.title": T(
        "证照办好后，您想怎样领取？", "How would you like to receive the certificate?"
    ),
    "delivery.hint": T(
        "可选到本自助柜领取，或免费邮寄到家",
        "Collect it from this kiosk's locker, or have it posted to you free of charge",
    ),
    "delivery.locker": T("到柜自取", "Pick up at the locker"),
    "delivery.locker.desc": T(
        "办好后凭短信取件码在自助柜领取", "Collect it here with the pickup code sent by SMS"
    ),
    "delivery.post": T("邮寄到家", "Post it to me"),
    "delivery.post.desc": T(
        "办好后以 EMS 寄出，地址按身份证预填",
        "Sent by EMS; the address is filled from your ID card",
    ),
    "delivery.address.title": T("邮寄地址", "Delivery address"),
    "delivery.address.hint": T(
        "已按身份证住址填好，如需寄往别处请修改；手机号用于快递员联系",
        "Filled in from your ID card; change it to send elsewhere. The mobile is for the courier",
    ),
    "delivery.address.next": T("确认地址", "Confirm address"),
    # the review's line
    "review.delivery.locker": T("到柜自取", "Pickup locker"),
    "review.delivery.post": T("邮寄送达：{address}", "By post to: {address}"),
    # the done page, by post
    "done.by_post": T(
        "证照办好后将邮寄到：{address}", "The certificate will be posted to: {address}"
    ),
    # spoken when the screens appear (kiosk/voice.py: voice.<screen>)
    "voice.choosing_delivery": T(
        "请选择证照领取方式：到柜自取，或邮寄到家",
        "Please choose how to receive the certificate: at the locker, or by post",
    ),
    "voice.delivery_address": T(
        "请核对邮寄地址和手机号码，无误后点击确认地址",
        "Please check the delivery address and mobile number, then confirm the address",
    ),
    # the progress lookup's case card, once the back office posted it
    "progress_results.tracking": T("EMS 运单号：{number}", "EMS tracking number: {number}"),
}
