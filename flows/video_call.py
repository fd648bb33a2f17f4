"""The video call with a back-office clerk (远程视频, issue 21 item 1): from any journey
step the resident calls a clerk during the clerks' hours.

Consent comes first: the screen says what is shared (the face camera's picture, the
microphone, the case draft's summary: matter, step, materials' names, nothing
personal) and with whom; nothing is shared before the resident agrees. Declining
leaves the plain call for staff to come over (the help desk's), made by the kiosk.

Then calling -> ringing -> in the call -> ended, through a
:class:`~flows.video_call_ports.VideoCallPort`. No clerk answering within the ring
time, or the platform away, ends in ``unavailable``: the screen says so plainly and
offers the help desk's callback request, which goes through the outbox (nothing is
lost). In the call the clerk's notes and approvals of a missing material reach the
resident's declaration, when the call was made from one (:class:`CaseLink`).
"""

from __future__ import annotations

import dataclasses
import enum
import logging
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from device_contracts import Text
from flows.machine_flow import MachineFlow
from flows.ports import FlowLoop
from flows.video_call_machine import CallMachine, CallState
from flows.video_call_ports import CallBrief, CallEvent, CallEventKind, FrameSink, VideoCallPort

__all__ = ["CallEnd", "CallSession", "CallState", "CaseLink", "VideoCallFlow"]

log = logging.getLogger(__name__)

S = CallState
E = CallEventKind

#: how long a call rings before the kiosk gives up and offers the callback
RING_TIMEOUT_S = 60.0


@runtime_checkable
class CaseLink(Protocol):
    """The resident's journey under way, as the call sees it (the declaration)."""

    def call_brief(self, step: str) -> CallBrief:
        """The case draft's summary for the clerk: nothing personal."""
        ...

    def clerk_note(self, note: str) -> None:
        """The clerk wrote ``note`` for the resident."""
        ...

    def clerk_approved(self, material_code: str) -> Text | None:
        """The clerk accepts the missing material as handed in later; the material's
        name, or None when the journey cannot take it (left it, or not deferrable)."""
        ...


class CallEnd(enum.StrEnum):
    """Why the call ended or could not be made: what the screen says."""

    NO_ANSWER = "no_answer"  # no clerk took it
    OFFLINE = "offline"  # the platform or the network is away
    BY_CLERK = "by_clerk"
    BY_RESIDENT = "by_resident"
    LINK_LOST = "link_lost"  # the connection broke during the call


@dataclass(repr=False)
class CallSession:
    step: str = ""  # the screen the resident called from
    call_id: str = ""
    #: the clerk's notes, in the order written (shown on the call screen)
    notes: list[str] = field(default_factory=list)
    #: the materials the clerk approved as handed in later, by name
    approved: list[Text] = field(default_factory=list)
    end: CallEnd | None = None

    def wipe(self) -> None:
        fresh = CallSession()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def __repr__(self) -> str:  # the clerk's notes may be personal
        return f"CallSession({self.step}, notes={len(self.notes)})"


class VideoCallFlow(MachineFlow[CallState]):
    def __init__(
        self, port: VideoCallPort, loop: FlowLoop, *, ring_timeout_s: float = RING_TIMEOUT_S
    ) -> None:
        super().__init__("video_call", CallMachine(), CallState, loop)
        self.port = port
        self.ring_timeout_s = ring_timeout_s
        self.session = CallSession()
        self._case: CaseLink | None = None
        self._entry = {S.CALLING: self._dial}

    # ------------------------------------------------------------------ the resident
    def offer(self, step: str, case: CaseLink | None = None) -> None:
        """呼叫工作人员 during the clerks' hours on the screen ``step``: the consent
        screen first. ``case``: the journey under way, whose draft the clerk sees."""
        if not self._may_start():
            return
        self.session.step = step
        self._case = case
        self._fire("offer")

    def agree(self) -> None:
        """The resident agrees to share the camera, the microphone and the case summary."""
        if self.state is S.CONSENT:
            self._fire("agree")

    def decline(self) -> None:
        """No camera: the consent screen closes; the kiosk calls staff without video."""
        if self.state is S.CONSENT:
            log.info("video call declined", extra={"step": self.session.step})
            self._finish()

    def hang_up(self) -> None:
        """Ringing: the call is withdrawn; in the call: it ends."""
        if self.state in (S.CALLING, S.RINGING):
            self.cancel()  # the session's end withdraws the call
        elif self.state is S.IN_CALL:
            self._drop_call()
            self.session.end = CallEnd.BY_RESIDENT
            self._fire("hung_up")

    def close(self) -> None:
        """The resident leaves the ended or unavailable screen (back to the journey)."""
        if self.state in (S.ENDED, S.UNAVAILABLE):
            self._finish()

    def set_video_sinks(self, clerk: FrameSink | None, own: FrameSink | None) -> None:
        """Where the call screen shows staff's video and the resident's own picture."""
        self.port.set_video_sinks(clerk, own)

    # ------------------------------------------------------------------ the port
    def _dial(self) -> None:
        s = self.session
        brief = self._case.call_brief(s.step) if self._case is not None else CallBrief(s.step)
        s.call_id = self.port.start(brief, self._heard)
        log.info(
            "video call started",
            extra={"call_id": s.call_id, "step": s.step, "matter": brief.matter_code},
        )
        self._arm_timeout(self.ring_timeout_s, self._ring_timed_out)

    def _heard(self, event: CallEvent) -> None:
        """The port's listener, on any thread: to the loop."""
        self._loop.post(lambda: self._on_event(event))

    def _on_event(self, event: CallEvent) -> None:
        s = self.session
        if not s.call_id or event.call_id != s.call_id:
            return  # a call no one follows any more
        kind = event.kind
        log.info("video call event", extra={"call_id": s.call_id, "kind": kind.value})
        if kind is E.RINGING and self.state is S.CALLING:
            self._fire("rings")
        elif kind is E.ANSWERED:
            self._disarm_timeout()
            self._fire("answered")
        elif kind is E.NOTE and self.state is S.IN_CALL and event.note.strip():
            s.notes.append(event.note.strip())
            if self._case is not None:
                self._case.clerk_note(event.note.strip())
            self._changed()
        elif kind is E.MATERIAL_APPROVED and self.state is S.IN_CALL:
            self._approve(event.material_code)
        elif kind in (E.ENDED, E.FAILED) and self.state is S.IN_CALL:
            s.end = CallEnd.BY_CLERK if kind is E.ENDED else CallEnd.LINK_LOST
            s.call_id = ""
            self._fire("hung_up")
        elif kind in (E.NO_ANSWER, E.FAILED, E.ENDED) and self.state in (S.CALLING, S.RINGING):
            self._unavailable(CallEnd.OFFLINE if kind is E.FAILED else CallEnd.NO_ANSWER)

    def _approve(self, material_code: str) -> None:
        name = self._case.clerk_approved(material_code) if self._case is not None else None
        if name is None:
            log.info("clerk approval not taken", extra={"material": material_code})
            return
        self.session.approved.append(name)
        self._changed()

    def _ring_timed_out(self) -> None:
        if self.state in (S.CALLING, S.RINGING):
            self._drop_call()
            self._unavailable(CallEnd.NO_ANSWER)

    def _unavailable(self, end: CallEnd) -> None:
        self._disarm_timeout()
        self.session.end = end
        self.session.call_id = ""
        self._fire("unanswered")

    def _drop_call(self) -> None:
        call_id, self.session.call_id = self.session.call_id, ""
        if call_id:
            self.port.hang_up(call_id)

    def _wipe(self) -> None:
        self._drop_call()  # the idle timeout or the app going home mid-call
        self.session.wipe()
        self._case = None
        super()._wipe()
