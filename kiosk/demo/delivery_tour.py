"""The declaration tour's delivery step (物流服务): the choice of 到柜自取 or 邮寄到家,
and for the post the address form as the ID card filled it, one addition typed on the
on-screen keyboard in pinyin (门卫: leave it with the gatekeeper), then confirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kiosk.ui.widgets.tr import current_lang

if TYPE_CHECKING:  # tour.py calls this module: the driver's type for the annotations only
    from kiosk.demo.tour import TourDriver

#: what the resident adds to the street (pinyin typed, the phrase chosen)
ADDITION = ("menwei", "门卫")


def choose_delivery(d: TourDriver, *, by_post: bool) -> None:
    """From the delivery step to the review; ``by_post``: through the address form."""
    d.wait_screen("choosing_delivery")
    d.shot("delivery-choice")
    if not by_post:
        d.click("btn_delivery_locker")
        return
    d.click("btn_delivery_post")
    d.wait_screen("delivery_address")
    d.shot("delivery-address-prefilled")
    _type_on_street(d, *ADDITION)
    d.shot("delivery-address-keyboard")
    d.click("btn_osk_done")
    d.click("btn_next")


def _type_on_street(d: TourDriver, pinyin: str, phrase: str) -> None:
    """A tap on the street's field, the pinyin on the keyboard's letters, the phrase
    chosen among the candidates (by its text: their order is the dictionary's)."""
    from PySide6.QtWidgets import QLineEdit

    from kiosk.demo.tour import TourError  # tour.py imports this module

    street = d.window.current_screen().findChild(QLineEdit, "field_street")
    if street is None:
        raise TourError("no street field on the address form")
    d.window.activateWindow()
    street.setFocus()
    street.end(False)
    d.wait_until("the on-screen keyboard", lambda: d.window.keyboard.isVisible())
    if current_lang() == "en":
        d.click("btn_osk_lang")  # English screens open the keyboard in Latin letters
    for letter in pinyin:
        d.click(f"btn_osk_{letter}")
    for i in range(8):
        button = d.window.find_button(f"btn_osk_cand_{i}")
        if button is not None and button.isVisible() and button.text() == phrase:
            d.click(f"btn_osk_cand_{i}")
            break
    else:
        raise TourError(f"the keyboard offered no {phrase!r} for {pinyin!r}")
    d.wait_until("the phrase typed", lambda: street.text().endswith(phrase))
