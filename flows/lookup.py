"""Progress query and appointment check-in: a receipt or appointment QR on the
scanner, or the ID card on the reader (whichever comes first), then the
platform's answer in plain words. See docs/flows-contract.md.

The appointment check-in ends here with the booking chosen; the UI then starts
the declaration with that matter pre-selected (``DeclarationFlow.start(
matter_code=..., card=...)``), handing over the card already read.
"""

from __future__ import annotations

import dataclasses
import enum
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from device_contracts import Completion, CompletionCode, DeviceEvent, IdentityCard, Operation, Text
from flows import messages
from flows.card_return import TAKE_CARD, CardReturn
from flows.device_bridge import DeviceEventBridge, card_presence
from flows.domain import Appointment, CaseStatusKind, CaseSummary
from flows.lookup_machine import LookupMachine, LookupState
from flows.machine_flow import MachineFlow
from flows.platform_call import refused
from flows.ports import AuditLog, DeviceSet, FlowLoop, Platform
from flows.prefill import card_expired
from flows.settings import FlowSettings

__all__ = ["LookupFlow", "LookupPurpose", "LookupSession", "LookupState", "status_words"]

log = logging.getLogger(__name__)

S = LookupState

# ASCII letters in either case, upper-cased after the match: str.upper() first would turn
# "ſ" into "S" and "ﬁ" into "FI", making a code out of text that is none
_APPOINTMENT = re.compile(r"APPT-[A-Z0-9]{4,32}", re.ASCII | re.IGNORECASE)
#: a case code, or a provisional code with or without its epoch (offline_cache.provisional)
_CASE = re.compile(
    r"CASE-[0-9]{8}-[0-9]{6}|[A-Z0-9]{2,8}-[0-9]{4}-(?:[0-9A-Z]{4}-)?[0-9]{6}",
    re.ASCII | re.IGNORECASE,
)

NO_CASES = Text("没有查到您的办件", "No cases were found for you")
NO_APPOINTMENTS = Text("没有查到您的预约", "No appointment was found for you")
QR_UNKNOWN = Text(
    "无法识别该二维码，请扫描回执或预约二维码",
    "That code was not recognised; scan the receipt or appointment QR code",
)

#: plain words for every case status, for the resident
_WORDS: dict[CaseStatusKind, Text] = {
    CaseStatusKind.SUBMITTED: Text(
        "已提交，等待工作人员取出纸质材料", "Submitted; staff will collect the paper originals"
    ),
    CaseStatusKind.MATERIALS_DEPOSITED: Text(
        "材料已投递，工作人员将于下一个工作日取出",
        "Originals deposited; staff take them out on the next working day",
    ),
    CaseStatusKind.MATERIALS_RECEIVED: Text(
        "工作人员已收到材料，等待审核", "Staff have your originals; review comes next"
    ),
    CaseStatusKind.IN_REVIEW: Text("正在审核", "Being reviewed"),
    CaseStatusKind.APPROVED: Text(
        "已审批通过，证照制作中", "Approved; the certificate is being made"
    ),
    CaseStatusKind.CERTIFICATE_READY: Text(
        "证照已放入取件柜，请凭短信取件码领取",
        "Your certificate is in the pickup cabinet; use the code from your SMS",
    ),
    CaseStatusKind.COLLECTED: Text("证照已领取，办理完结", "Collected; the case is closed"),
    CaseStatusKind.REJECTED: Text(
        "未通过审核，详情请咨询工作人员", "Not approved; please ask staff for details"
    ),
    CaseStatusKind.POSTED: Text(
        "证照已邮寄，请留意快递", "Your certificate has been posted; watch for the courier"
    ),
}


def status_words(status: CaseStatusKind) -> Text:
    return _WORDS[status]


class LookupPurpose(enum.StrEnum):
    PROGRESS = "progress"
    APPOINTMENT = "appointment"


@dataclass(repr=False)
class LookupSession:
    purpose: LookupPurpose = LookupPurpose.PROGRESS
    #: the ID card when the resident identified with it (personal data, wiped)
    card: IdentityCard | None = None
    #: the scanned receipt / appointment code
    code: str = ""
    cases: list[CaseSummary] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)
    chosen: Appointment | None = None
    #: whether an ID card lies on the reader now, as it reports it (None: not said)
    card_on_reader: bool | None = None
    message: Text | None = None
    busy: bool = False

    def wipe(self) -> None:
        fresh = LookupSession()
        for f in dataclasses.fields(self):
            setattr(self, f.name, getattr(fresh, f.name))

    def __repr__(self) -> str:
        return f"LookupSession({self.purpose.value}, cases={len(self.cases)})"


class LookupFlow(MachineFlow[LookupState]):
    def __init__(
        self,
        devices: DeviceSet,
        platform: Platform,
        loop: FlowLoop,
        settings: FlowSettings = FlowSettings(),  # noqa: B008 - frozen, safe to share
        events: DeviceEventBridge | None = None,
        audit: AuditLog | None = None,
    ) -> None:
        """``events``: the kiosk's bridge of unsolicited device events (the card on the
        reader becomes ``session.card_on_reader``); ``audit``: where a card left on the
        reader is recorded for staff."""
        super().__init__("lookup", LookupMachine(), LookupState, loop, events, settings)
        self.devices = devices
        self.platform = platform
        self.session = LookupSession()
        #: the card is needed only for its read: asked back from then on, until taken
        self.card_return = CardReturn(
            "lookup",
            devices.id_reader.name,
            loop,
            events,
            audit=audit,
            left_after_s=settings.card_left_timeout,
            on_change=self._changed,
        )
        self._listening: list[Operation[Any]] = []
        self._entry = {S.IDENTIFYING: self._listen, S.LOOKING_UP: self._look_up}

    def start(self, purpose: LookupPurpose | str = LookupPurpose.PROGRESS) -> None:
        if not self._may_start():
            return
        self.session.purpose = LookupPurpose(purpose)
        self._fire("start")

    @property
    def card_to_take(self) -> bool:
        """The card read lies on the reader still: the screen asks for it, and the
        results do not finish until it is taken."""
        return self.card_return.waiting

    def finish(self) -> None:
        if self.state is not S.RESULTS:
            return
        if self.card_return.waiting:
            self.session.message = TAKE_CARD
            self._changed()
            return
        self._finish()

    def again(self) -> None:
        """Look up something else (another receipt, another card)."""
        if self.state is S.RESULTS:
            self.session.cases, self.session.appointments = [], []
            self.session.card, self.session.code = None, ""
            self._fire("again")

    def enter_code(self, text: str) -> None:
        """A scanned (or typed) receipt / appointment code."""
        if self.state is not S.IDENTIFYING:
            return
        code = self._code_in(text)
        if code is None:
            self.session.message = QR_UNKNOWN
            self._changed()
            return
        self._stop_listening()
        self.session.code = code
        self.session.message = None
        self._fire("identified")

    def choose(self, token: str) -> Appointment | None:
        """The appointment the resident checks in for (the UI then starts the declaration)."""
        for a in self.session.appointments:
            if a.token == token:
                if a.check_in_refused is not None:
                    # another day's booking: the platform's rule says why (issue 19.4)
                    self.session.message = a.check_in_refused
                    log.info("appointment refused", extra={"flow": "lookup", "rule": "day"})
                    self._changed()
                    return None
                self.session.chosen = a
                log.info("appointment chosen", extra={"flow": "lookup", "matter": a.matter_code})
                return a
        return None

    # ------------------------------------------------------------------ identify
    def _code_in(self, text: str) -> str | None:
        pattern = _APPOINTMENT if self.session.purpose is LookupPurpose.APPOINTMENT else _CASE
        found = pattern.findall(text.strip())
        return found[-1].upper() if found else None

    def _listen(self) -> None:
        self.session.busy = False
        self._read_card()
        self._scan()

    def _read_card(self) -> None:
        op = self.devices.id_reader.read_card(self.settings.card_timeout)
        self._listening.append(op)
        self._watch(op, self._on_card)

    def _scan(self) -> None:
        op = self.devices.qr_scanner.scan(self.settings.scan_timeout)
        self._listening.append(op)
        self._watch(op, self._on_scan)

    def _stop_listening(self) -> None:
        for op in self._listening:
            self._abandon(op)
        self._listening = []

    def _on_device_event(self, event: DeviceEvent) -> None:
        present = card_presence(event, self.devices.id_reader.name)
        if present is not None:
            self.session.card_on_reader = present

    def _on_card(self, c: Completion[IdentityCard]) -> None:
        if not c.ok or c.value is None:
            if c.code is not CompletionCode.CANCELLED:
                if c.code is not CompletionCode.TIMEOUT:
                    self.session.message = c.text
                self._read_card()
            return
        if card_expired(c.value, date.today()):
            self.session.message = messages.CARD_EXPIRED
            self._read_card()
            return
        self._stop_listening()
        self.session.card = c.value
        self.session.message = None
        # read: the card is not needed any more (a card left here before is claimed)
        self.card_return.claim()
        self.card_return.release()
        self._fire("identified")

    def _on_scan(self, c: Completion[str]) -> None:
        if c.ok and c.value is not None:
            self.enter_code(c.value)
            if self.state is S.IDENTIFYING:
                self._scan()
        elif c.code is CompletionCode.TIMEOUT:
            self._scan()

    # ------------------------------------------------------------------ look up
    def _look_up(self) -> None:
        s = self.session
        s.busy = True
        p = self.platform
        number = s.card.id_number if s.card is not None else ""
        code = s.code
        name: str
        call: Callable[[], object]
        if s.purpose is LookupPurpose.PROGRESS:
            if s.card is not None:
                name, call = "platform.person_cases", lambda: p.person_cases(number)
            else:
                name, call = "platform.case_summary", lambda: [p.case_summary(code)]
        elif s.card is not None:
            name, call = "platform.person_appointments", lambda: p.person_appointments(number)
        else:
            name, call = "platform.appointment", lambda: [p.appointment(code)]
        self._call_platform(name, call, self._on_found)

    def _on_found(self, c: Completion[object]) -> None:
        s = self.session
        s.busy = False
        found = c.value if c.ok and isinstance(c.value, list) else []
        empty = NO_CASES if s.purpose is LookupPurpose.PROGRESS else NO_APPOINTMENTS
        if not c.ok and not refused(c):
            s.message = c.message or messages.PLATFORM_UNAVAILABLE
        elif not found:
            s.message = c.message if not c.ok and c.message else empty
        else:
            s.message = None
        if s.message is not None:
            s.card, s.code = None, ""
            log.info("lookup found nothing", extra={"flow": "lookup", "code": c.code.value})
            self._fire("not_found")
            return
        if s.purpose is LookupPurpose.PROGRESS:
            s.cases = [x for x in found if isinstance(x, CaseSummary)]
        else:
            s.appointments = [x for x in found if isinstance(x, Appointment)]
        log.info("lookup found", extra={"flow": "lookup", "count": len(found)})
        self._fire("found")

    def _entered(self, state: LookupState) -> None:
        if state is S.RESULTS:
            self.card_return.journey_over()
        super()._entered(state)

    def _wipe(self) -> None:
        if self.session.card is not None:
            self.card_return.journey_over()  # timed after the session is gone
        super()._wipe()
        self._listening = []
        self.session.wipe()
        self.session = LookupSession()
