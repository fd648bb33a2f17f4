"""The help desk (kiosk/help_desk.py) as the help panel shows it: what is true about the
resident's call to staff, or the callback request while no one is on duty; the panel's
buttons go to the desk."""

from __future__ import annotations

from collections.abc import Callable

from flows.help import MAX_WAIT_MIN
from flows.masking import mask_phone
from kiosk.help_desk import HelpDesk, HelpView
from kiosk.ui.widgets.help_overlay import HelpOverlay, HelpPanel
from kiosk.ui.widgets.tr import K, Source


def help_panel(desk: HelpDesk) -> HelpPanel | None:
    """What the panel says about the desk's call; None while there is nothing to say."""
    view = desk.view
    if view is HelpView.CLOSED:
        return None
    body: Source
    if view is HelpView.ACKNOWLEDGED:
        minutes = desk.wait_minutes
        body = (
            K("help.acknowledged", minutes=min(minutes, MAX_WAIT_MIN))
            if minutes
            else K("help.acknowledged_now")
        )
    elif view is HelpView.OFF_DUTY:
        body = K("help.off_duty", hours=str(desk.hours).replace("-", "–"))
    elif view is HelpView.PHONE:
        body = K("help.phone_prompt")
    elif view is HelpView.CALLBACK_SENT:
        body = K("help.callback_sent", phone=mask_phone(desk.phone))
    elif view is HelpView.CALLBACK_QUEUED:
        body = K("help.callback_queued", phone=mask_phone(desk.phone))
    elif view is HelpView.REFUSED:
        reason = desk.reason
        body = K("help.refused", reason=reason) if reason is not None else None
    else:
        body = K(f"help.{view.value}")
    typing = view is HelpView.PHONE
    return HelpPanel(
        body,
        typing=typing,
        phone_invalid=typing and desk.reason is not None,
        callback_offered=view is HelpView.OFF_DUTY,
    )


class HelpPresenter:
    """Shows the desk's call on the panel on every change; ``step`` names the screen the
    resident asked on, for a callback request."""

    def __init__(self, desk: HelpDesk, overlay: HelpOverlay, step: Callable[[], str]) -> None:
        self.desk = desk
        self._step = step
        self.overlay = overlay
        self.attach(overlay)
        desk.changed.connect(self.refresh)

    def attach(self, overlay: HelpOverlay) -> None:
        """Use a freshly built panel (after a theme change) and show the call on it."""
        self.overlay = overlay
        overlay.close_clicked.connect(self.desk.close)
        overlay.callback_clicked.connect(self.desk.ask_callback)
        overlay.phone_entered.connect(self._phone)
        self.refresh()

    def refresh(self) -> None:
        self.overlay.show_panel(help_panel(self.desk))

    def _phone(self, number: str) -> None:
        self.desk.submit_phone(number, self._step())
