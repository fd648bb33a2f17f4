"""The video call with staff (flows/video_call.py) on its screens: the consent, the
call, its end or the plain words when no one could answer. The call stands over the
journey the resident was on; when it is over the window puts that journey back
(``resume``), and what the resident chose on the way out follows: the plain call for
staff to come over (``without_video``, having declined the camera) or the help desk's
callback request (``callback``)."""

from __future__ import annotations

from collections.abc import Callable

from flows.video_call import CallEnd, CaseLink, VideoCallFlow
from flows.video_call_ports import VideoFrame
from kiosk.presenters.base import Presenter, ScreenSet
from kiosk.presenters.shell import Shell
from kiosk.ui.screens.result import ResultScreen
from kiosk.ui.screens.video_call import CallVideo, VideoCallScreen, VideoConsentScreen
from kiosk.ui.widgets.tr import K

_TITLES = {"calling": "video.calling", "ringing": "video.ringing", "in_call": "video.in_call"}
#: the callback is offered after these ends (no one answered, or the call broke off)
_CALLBACK_AFTER = frozenset({CallEnd.NO_ANSWER, CallEnd.OFFLINE, CallEnd.LINK_LOST})


class VideoCallScreens(ScreenSet):
    def __init__(self) -> None:
        callback = ("help.callback", "btn_video_callback")
        self.consent = VideoConsentScreen()
        self.call = VideoCallScreen()
        self.ended = ResultScreen(
            "video_ended",
            "ok",
            "video.ended.title",
            "video.ended.by_clerk",
            "video.back",
            "btn_video_done",
            second=callback,
        )
        self.unavailable = ResultScreen(
            "video_unavailable",
            "error",
            "video.unavailable.title",
            "video.unavailable.no_answer",
            "video.back",
            "btn_video_done",
            second=callback,
        )


class VideoCallPresenter(Presenter[VideoCallFlow, VideoCallScreens]):
    """``begin(step, case)`` over the journey under way; ``reset()`` on the idle timeout
    (the journey beneath is not resumed: the window wipes it too)."""

    #: no idle reset while the call is being made or under way
    machine_busy = frozenset({"calling", "ringing", "in_call"})

    def __init__(
        self,
        flow: VideoCallFlow,
        shell: Shell,
        screens: VideoCallScreens,
        *,
        resume: Callable[[bool], None],
        without_video: Callable[[str], None],
        callback: Callable[[], None],
    ) -> None:
        self._resume = resume
        self._without_video = without_video
        self._callback = callback
        self._after: Callable[[], None] | None = None  # what follows the call's end
        self._go_on = True
        super().__init__(flow, shell, screens)
        flow.set_video_sinks(self._clerk_frame, self._own_frame)

    def begin(self, step: str, case: CaseLink | None) -> None:
        self.active = True
        self._go_on = True
        self._after = None
        self.flow.offer(step, case)
        self.refresh()

    def back(self) -> None:
        """The window's back (its footer is hidden here): as the screen's way back."""
        self.cancel()

    def cancel(self) -> None:
        self.flow.cancel()

    def reset(self) -> None:
        self._go_on = False
        self.flow.reset()

    # ------------------------------------------------------------------ rendering
    def _render_state(self, state: str, previous: str) -> None:
        sc, s = self.screens, self.flow.session
        self.shell.set_footer()
        self.shell.set_steps((), 0)
        self.shell.show_message(None)
        if state == "consent":
            self.shell.show_screen(sc.consent)
        elif state in _TITLES:
            sc.call.show_state(K(_TITLES[state]))
            sc.call.show_notes(s.notes, s.approved)
            self.shell.show_screen(sc.call)
        else:
            end = s.end or CallEnd.BY_RESIDENT
            screen = sc.unavailable if state == "unavailable" else sc.ended
            prefix = "video.unavailable" if state == "unavailable" else "video.ended"
            screen.set_body(K(f"{prefix}.{end.value}"))
            if screen.second is not None:
                screen.second.setVisible(end in _CALLBACK_AFTER)
            self.shell.show_screen(screen)

    def _connect(self, sc: VideoCallScreens) -> None:
        sc.consent.agree_clicked.connect(self.flow.agree)
        sc.consent.decline_clicked.connect(self._decline)
        sc.consent.back_clicked.connect(self.flow.cancel)
        sc.call.hang_up_clicked.connect(self.flow.hang_up)
        for screen in (sc.ended, sc.unavailable):
            screen.clicked.connect(self.flow.close)
            screen.second_clicked.connect(self._ask_callback)

    def _decline(self) -> None:
        step = self.flow.session.step
        self._after = lambda: self._without_video(step)
        self.flow.decline()

    def _ask_callback(self) -> None:
        self._after = self._callback
        self.flow.close()

    def _journey_over(self) -> None:
        self.active = False
        self.shell.show_message(None)
        after, self._after = self._after, None
        self._resume(self._go_on)
        if after is not None and self._go_on:
            after()

    # ------------------------------------------------------------------ video
    # on the call's threads: each frame goes to the widget's mailbox (newest kept)
    def _clerk_frame(self, frame: VideoFrame) -> None:
        self._offer(self.screens.call.clerk_video, frame)

    def _own_frame(self, frame: VideoFrame) -> None:
        self._offer(self.screens.call.own_video, frame)

    @staticmethod
    def _offer(view: CallVideo, frame: VideoFrame) -> None:
        view.offer(frame.rgb, frame.width, frame.height)
