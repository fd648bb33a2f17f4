"""The kiosk's window with its journeys: the passive shell (kiosk/ui/shell_window.py)
with a presenter over each journey's screens, the idle watcher, the help desk's panel
and the USB/phone intake.

``MainWindow(declaration_flow, collection_flow, staff=..., lookup=..., lang=...,
large_text=...)`` builds every journey's screens and its presenter, and routes what
the resident asks of the shell (a service, back, cancel, 呼叫工作人员) to them. After a
large-text rebuild the presenters render their flow's current state into the new
screens, so no flow is touched.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flows.video_call import CaseLink
from kiosk import i18n
from kiosk.flow_api import CollectionFlowPort, DeclarationFlowPort
from kiosk.idle import IdleWatcher
from kiosk.presenters.collection import CollectionPresenter, CollectionScreens
from kiosk.presenters.declaration import DeclarationPresenter, DeclarationScreens
from kiosk.presenters.evaluation import EvaluationPart
from kiosk.presenters.help import HelpPresenter
from kiosk.presenters.lookup import LookupPresenter, LookupScreens
from kiosk.presenters.self_print import SelfPrintFlowPort, SelfPrintPresenter, SelfPrintScreens
from kiosk.presenters.staff import StaffPresenter, StaffScreens
from kiosk.presenters.utility_payment import (
    UtilityPaymentFlowPort,
    UtilityPaymentPresenter,
    UtilityPaymentScreens,
)
from kiosk.presenters.video_call import VideoCallPresenter, VideoCallScreens
from kiosk.ui.shell_window import ShellWindow
from kiosk.ui.widgets.help_overlay import HelpOverlay
from kiosk.ui.widgets.tr import K

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from flows.domain import Appointment
    from flows.evaluation import EvaluationFlow
    from flows.lookup import LookupFlow
    from flows.staff import StaffFlow
    from flows.video_call import VideoCallFlow
    from kiosk.help_desk import HelpDesk
    from kiosk.intake import IntakeController

log = logging.getLogger(__name__)

#: idle time is this much longer in large-text mode (slower readers, 适老化)
LARGE_TEXT_IDLE_FACTOR = 1.5

Journey = (
    DeclarationPresenter
    | CollectionPresenter
    | StaffPresenter
    | LookupPresenter
    | SelfPrintPresenter
    | UtilityPaymentPresenter
)
#: what a video call stands over: the view and the journey under way (None: none)
Paused = tuple[
    str,
    DeclarationPresenter
    | CollectionPresenter
    | LookupPresenter
    | SelfPrintPresenter
    | UtilityPaymentPresenter
    | None,
]


class MainWindow(ShellWindow):
    # class defaults: the shell's constructor already shows the attract screen, which
    # resets the help call, before this class's constructor has set its own
    help: HelpDesk | None = None
    help_overlay: HelpOverlay | None = None
    _help_presenter: HelpPresenter | None = None
    intake: IntakeController | None = None
    video_call: VideoCallPresenter | None = None
    self_print: SelfPrintPresenter | None = None
    utility_payment: UtilityPaymentPresenter | None = None
    _paused: Paused = ("attract", None)

    def __init__(
        self,
        declaration: DeclarationFlowPort,
        collection: CollectionFlowPort,
        *,
        staff: StaffFlow | None = None,
        lookup: LookupFlow | None = None,
        lang: str = i18n.DEFAULT_LANG,
        large_text: bool = False,
        fullscreen: bool = False,
        idle_timeout_s: float = 120.0,
        idle_warning_s: int = 20,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(lang=lang, large_text=large_text, parent=parent)
        self._default_lang = i18n.normalize(lang)
        self._default_large = large_text
        self._idle_timeout_s = idle_timeout_s
        self._has_staff = staff is not None
        self._has_lookup = lookup is not None
        self._add_journey_screens()
        self.declaration = DeclarationPresenter(declaration, self, self._decl_screens)
        self.collection = CollectionPresenter(collection, self, self._coll_screens)
        self.staff: StaffPresenter | None = (
            StaffPresenter(staff, self, self._staff_screens) if staff is not None else None
        )
        self.lookup: LookupPresenter | None = (
            LookupPresenter(lookup, self, self._lookup_screens, on_checkin=self._check_in)
            if lookup is not None
            else None
        )
        self.idle = IdleWatcher(
            self,
            timeout_s=self._scaled_idle(),
            warning_s=idle_warning_s,
            is_active=self._idle_applies,
            on_expire=self._on_idle_expired,
        )
        self.staff_called.connect(self._reach_staff)
        self.staff_called_in_person.connect(self._reach_staff_in_person)
        self.go_attract()
        if fullscreen:
            self.showFullScreen()

    def _add_journey_screens(self) -> None:
        self._decl_screens = DeclarationScreens.build()
        self._coll_screens = CollectionScreens.build()
        self._staff_screens = StaffScreens.build() if self._has_staff else None
        self._lookup_screens = LookupScreens.build() if self._has_lookup else None
        self.add_screens(self._decl_screens.all())
        self.add_screens(self._coll_screens.all())
        if self._staff_screens is not None:
            self.add_screens(self._staff_screens.all())
            self.offer_staff_entry()
        if self._lookup_screens is not None:
            self.add_screens(self._lookup_screens.all())
            self.home.enable_services(("progress", "appointment"))

    def _rebuilt(self) -> None:
        self._add_journey_screens()
        self.declaration.attach(self._decl_screens)
        self.collection.attach(self._coll_screens)
        if self.intake is not None:
            self._add_intake_screens()
        if self.staff is not None and self._staff_screens is not None:
            self.staff.attach(self._staff_screens)
        if self.lookup is not None and self._lookup_screens is not None:
            self.lookup.attach(self._lookup_screens)
        if self.video_call is not None:
            self._add_video_screens(self.video_call.flow)
        if self.self_print is not None:
            self._add_print_screens(self.self_print.flow)
        if self.utility_payment is not None:
            self.utility_payment.attach(self._pay_screens())
        self.idle.rebuild_overlay()
        self._build_help_overlay()
        self.idle.set_timeout(self._scaled_idle())

    def _restore_view(self, banner: tuple[str, object]) -> None:
        presenter = self._active_presenter()
        if presenter is None:
            super()._restore_view(banner)
        elif presenter.active:
            presenter.refresh()
        else:
            self.go_attract()

    # ------------------------------------------------------------------ navigation
    def journey_ended(self, *, to_attract: bool) -> None:
        if self.help is not None:
            self.help.reset()  # the call was this resident's; the next one calls anew
        super().journey_ended(to_attract=to_attract)

    def go_attract(self) -> None:
        if self.help is not None:
            self.help.reset()  # the next resident does not inherit a call
        if self.video_call is not None and self._view == "video":
            self.video_call.reset()  # nor a video call (its journey is wiped with it)
        super().go_attract()

    def start_service(self, service: str) -> None:
        """``declare``, ``collect``, staff mode, the lookups; other services show the
        coming-soon page."""
        self._show_banner(None)
        if service == "declare":
            self._view = "declaration"
            self.declaration.begin()
        elif service == "collect":
            self._view = "collection"
            self.collection.begin()
        elif service in {"staff", "staff_gesture"} and self.staff is not None:
            self._view = "staff"
            if self.declaration.active or self.collection.active:
                return  # a resident is mid-journey
            if service == "staff":
                self.staff.begin()
            else:
                self.staff.begin_gesture()
        elif service in {"progress", "appointment"} and self.lookup is not None:
            self._view = "lookup"
            self.lookup.begin(service)
        elif service == "print" and self.self_print is not None:
            self._view = "self_print"
            self.self_print.begin()
        elif service == "pay" and self.utility_payment is not None:
            self._view = "utility_payment"
            self.utility_payment.begin()
        else:
            self.show_coming_soon(service)

    def _active_presenter(self) -> Journey | VideoCallPresenter | None:
        if self._view == "video":
            return self.video_call
        if self._view == "declaration":
            return self.declaration
        if self._view == "collection":
            return self.collection
        if self._view == "staff":
            return self.staff
        if self._view == "lookup":
            return self.lookup
        if self._view == "self_print":
            return self.self_print
        if self._view == "utility_payment":
            return self.utility_payment
        return None

    def _check_in(self, appointment: Appointment, card: object) -> None:
        """Appointment found: the booked matter opens in the declaration, pre-filled."""
        from device_contracts import IdentityCard

        self._view = "declaration"
        self.declaration.begin(
            matter_code=appointment.matter_code,
            card=card if isinstance(card, IdentityCard) else None,
            id_tail="" if isinstance(card, IdentityCard) else appointment.id_number_tail,
        )

    def back(self) -> None:
        presenter = self._active_presenter()
        if presenter is not None:
            presenter.back()

    def cancel(self) -> None:
        presenter = self._active_presenter()
        if presenter is not None:
            presenter.cancel()
        else:
            super().cancel()

    # ------------------------------------------------------------------ intake
    def install_intake(self, controller: IntakeController) -> None:
        """USB-drive and phone intake on the materials step (kiosk/intake.py)."""
        self.intake = controller
        self._add_intake_screens()

    def show_screen(self, screen: QWidget) -> None:
        # the intake covers the materials step: a change of the declaration beneath it (a
        # live-camera prompt, a page read, the card taken back) is rendered there, not
        # shown over the intake screen
        covered = self.intake is not None and self.intake.under_way
        if covered and screen is self._decl_screens.capturing:
            return
        super().show_screen(screen)

    def _add_intake_screens(self) -> None:
        from kiosk.ui.screens.intake import IntakeScreen

        assert self.intake is not None
        usb, phone = IntakeScreen("usb"), IntakeScreen("phone")
        self.add_screens((usb, phone))
        self.intake.attach(usb, phone)
        self._decl_screens.capturing.import_clicked.connect(self.intake.start)

    # ------------------------------------------------------------------ self-print
    def install_self_print(self, flow: SelfPrintFlowPort) -> None:
        """打印证照 on the site's A4 printer (issue 21 item 3): the home tile opens it."""
        self._add_print_screens(flow)
        self.home.enable_services(("print",))

    def _add_print_screens(self, flow: SelfPrintFlowPort) -> None:
        screens = SelfPrintScreens.build()
        self.add_screens(screens.all())
        if self.self_print is not None:
            self.self_print.attach(screens)
        else:
            self.self_print = SelfPrintPresenter(flow, self, screens)

    # ------------------------------------------------------------------ 便民缴费
    def install_utility_payment(self, flow: UtilityPaymentFlowPort) -> None:
        """便民缴费 through the site's payment gateway (issue 23): the home tile opens it."""
        self.utility_payment = UtilityPaymentPresenter(flow, self, self._pay_screens())
        self.home.enable_services(("pay",))

    def _pay_screens(self) -> UtilityPaymentScreens:
        """便民缴费's screens, built and added to the window (again after a rebuild)."""
        screens = UtilityPaymentScreens.build()
        self.add_screens(screens.all())
        return screens

    # ------------------------------------------------------------------ rating
    def install_evaluation(self, flow: EvaluationFlow) -> None:
        """好差评: the end screens of the resident's journeys offer a rating, on ``flow``."""
        part = EvaluationPart(flow)
        for presenter in (self.declaration, self.collection, self.lookup):
            if presenter is not None:
                presenter.evaluation = part

    # ------------------------------------------------------------------ help
    def install_help(self, desk: HelpDesk) -> None:
        """呼叫工作人员 reaches the site's staff through ``desk`` (kiosk/help_desk.py),
        whose panel says what is true about the call."""
        self.help = desk
        self._build_help_overlay()

    def _build_help_overlay(self) -> None:
        if self.help is None:
            return
        if self.help_overlay is not None:
            self.help_overlay.hide()  # no button of the old panel is found while it waits
            self.help_overlay.deleteLater()
        self.help_overlay = HelpOverlay(self)
        if self._help_presenter is None:
            self._help_presenter = HelpPresenter(self.help, self.help_overlay, self.help_step)
        else:
            self._help_presenter.attach(self.help_overlay)

    def _reach_staff(self) -> None:
        """The site's staff are called (the help desk's panel says what became of the
        call); without a help desk nobody would come, and the banner says so."""
        if self._offer_video_call():
            return
        self._reach_staff_in_person()

    def _reach_staff_in_person(self) -> None:
        """The help desk's plain call: staff come to the kiosk."""
        if self.help is not None:
            self.help.call(self.help_step())
        else:
            self._show_banner(K("help.unavailable"), "error")

    # ------------------------------------------------------------------ video call
    def install_video_call(self, flow: VideoCallFlow) -> None:
        """During the staff's hours 呼叫工作人员 becomes a video call with staff over the
        journey under way (issue 21 item 1); outside them the help desk's callback."""
        self._add_video_screens(flow)

    def _add_video_screens(self, flow: VideoCallFlow) -> None:
        screens = VideoCallScreens.build()
        self.add_screens(screens.all())
        if self.video_call is not None:
            self.video_call.attach(screens)
            return
        self.video_call = VideoCallPresenter(
            flow,
            self,
            screens,
            resume=self._after_call,
            without_video=lambda step: self.help.call(step) if self.help else None,
            callback=lambda: self.help.ask_callback() if self.help else None,
        )

    def _offer_video_call(self) -> bool:
        """The video call's consent over the journey under way, whose screens wait
        beneath it; False when there is no call to offer (no video, no staff on duty)."""
        call, desk = self.video_call, self.help
        if self._view == "video":
            return True  # the call's own screens are up
        if call is None or desk is None or not desk.on_duty():
            return False
        step = self.help_step()
        journey = self._active_presenter()
        if isinstance(journey, VideoCallPresenter | StaffPresenter) or (
            journey is not None and not journey.active
        ):
            journey = None
        self._paused = (self._view, journey)
        if journey is not None:
            journey.active = False  # its flow's changes wait until the call is over
        case = journey.flow if journey is self.declaration else None
        self._view = "video"
        call.begin(step, case if isinstance(case, CaseLink) else None)
        return True

    def _after_call(self, go_on: bool) -> None:
        """The call is over: the journey beneath it again (``go_on``), or wiped too (the
        idle timeout: the window goes to the attract screen)."""
        (view, journey), self._paused = self._paused, ("attract", None)
        self._view = view
        if journey is not None:
            journey.active = True
            if not go_on:
                journey.reset()
                return
        if go_on:
            self._restore_view(("", None))

    # ------------------------------------------------------------------ idle
    def _scaled_idle(self) -> float:
        return self._idle_timeout_s * (LARGE_TEXT_IDLE_FACTOR if self._large_text else 1.0)

    def _idle_applies(self) -> bool:
        presenter = self._active_presenter()
        if presenter is not None:
            return presenter.idle_reset_allowed()
        return self._view != "attract"

    def _on_idle_expired(self) -> None:
        presenter = self._active_presenter()
        if presenter is not None and presenter.active:
            presenter.reset()  # wipes the session; the presenter then ends the journey
        self.go_attract()
        # the next resident starts from the site's defaults
        self.set_lang(self._default_lang)
        self.set_large_text(self._default_large)
