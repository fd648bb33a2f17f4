"""好差评: after a resident's journey (declaration, pickup, progress lookup, an
appointment's declaration) the end screen offers a rating of the service.

Five levels, as the national 好差评 system; after one of the two low levels the
resident may tick reasons. One tap is a whole rating: a high level goes at once; a
low level goes with the reasons ticked when the resident sends them, or without
(as it stands) when they do not: after ``reasons_wait`` seconds, when the journey's
end screen goes (:meth:`EvaluationFlow.withdraw`) or when the next journey offers a
rating. Never in the journey's way: not rating is skipping, and the end screen's own
timeout still returns the kiosk to the attract screen.

The port stores a rating before it sends it (the outbox), so one given while the
platform is away goes when it is back; its ``evaluation_id`` is the idempotency key,
so it is never counted twice. A low level is stored at the tap too, held back from
sending while its reasons may come, and brought up to date when it goes: a kiosk
switched off in those seconds sends it as it stood at its next start.
"""

from __future__ import annotations

import enum
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from device_contracts import Completion, Unsubscribe
from flows.platform_call import call_platform
from flows.ports import FlowLoop, Timer

log = logging.getLogger(__name__)


class Level(enum.StrEnum):
    """Best first, as the strip shows them."""

    VERY_SATISFIED = "very_satisfied"  # 非常满意
    SATISFIED = "satisfied"  # 满意
    BASICALLY_SATISFIED = "basically_satisfied"  # 基本满意
    DISSATISFIED = "dissatisfied"  # 不满意
    VERY_DISSATISFIED = "very_dissatisfied"  # 非常不满意

    @property
    def low(self) -> bool:
        """A 差评: the resident may say why."""
        return self in (Level.DISSATISFIED, Level.VERY_DISSATISFIED)


class Reason(enum.StrEnum):
    LONG_WAIT = "long_wait"  # 等待时间长
    COMPLICATED = "complicated"  # 操作复杂
    DEVICE_FAULT = "device_fault"  # 设备故障
    STAFF_ATTITUDE = "staff_attitude"  # 工作人员态度
    OTHER = "other"  # 其他


class RatedJourney(enum.StrEnum):
    """The journeys a resident may rate (staff journeys are not rated)."""

    DECLARATION = "declaration"
    COLLECTION = "collection"
    LOOKUP = "lookup"
    APPOINTMENT = "appointment"


@dataclass(frozen=True)
class Evaluation:
    """One rating, nothing personal: the case (its code as the kiosk knows it, maybe
    provisional) or only the journey's kind."""

    evaluation_id: str
    journey: RatedJourney
    case_code: str | None
    level: Level
    reasons: tuple[Reason, ...]
    rated_at: datetime  # aware


class EvaluationPort(Protocol):
    """The platform as the rating needs it (offline_cache.platform_port.KioskPlatform)."""

    def submit_evaluation(self, evaluation: Evaluation) -> None:
        """Store the rating durably, then try to send it: never lost, never sent twice.
        Raises PlatformError only when the platform refuses it for good. A rating held
        under the same id (:meth:`hold_evaluation`) becomes this one."""
        ...

    def hold_evaluation(self, evaluation: Evaluation) -> None:
        """Store a low level durably at the tap but do not send it: its reasons may
        still come (then :meth:`submit_evaluation` under the same id). Should the kiosk
        stop first, it goes as it stands after the restart."""
        ...


class RatingPhase(enum.StrEnum):
    CLOSED = "closed"  # nothing offered (or the end screen has gone)
    OFFERED = "offered"  # the five levels
    REASONS = "reasons"  # a low level chosen: the reasons to tick, and "send"
    THANKED = "thanked"  # the rating is stored: a thank-you


#: seconds a low level waits for its reasons before it goes as it stands
REASONS_WAIT_S = 30.0
#: a rating's send is abandoned (it stays in the outbox) after this many seconds
SEND_TIMEOUT_S = 15.0


class EvaluationFlow:
    """The rating strip's state, on the flow loop's thread: :meth:`offer` when a
    journey's end screen shows, the resident's taps (:meth:`rate`,
    :meth:`toggle_reason`, :meth:`send_reasons`), :meth:`withdraw` when it goes."""

    def __init__(
        self,
        port: EvaluationPort,
        loop: FlowLoop,
        *,
        reasons_wait: float = REASONS_WAIT_S,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._port = port
        self._loop = loop
        self._reasons_wait = reasons_wait
        self._clock = clock
        self._subscribers: list[Callable[[], None]] = []
        self._timer: Timer | None = None
        self.phase = RatingPhase.CLOSED
        self.journey: RatedJourney | None = None
        self.case_code: str | None = None
        self.level: Level | None = None
        self.reasons: frozenset[Reason] = frozenset()
        #: the rating being offered (one id per offer: a resend is the same rating)
        self._evaluation_id = ""
        #: when the level was tapped (the rating's time, whenever it goes)
        self._rated_at: datetime | None = None
        #: low levels the port holds while their reasons may come
        self.held = 0
        #: ratings the port has stored (sent or queued), and refused for good
        self.stored = 0
        self.refused = 0

    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe:
        """``fn()`` runs on the loop's thread after every change."""
        self._subscribers.append(fn)
        return lambda: self._subscribers.remove(fn) if fn in self._subscribers else None

    # ------------------------------------------------------------------ the journey's end

    def offer(self, journey: RatedJourney, case_code: str | None = None) -> None:
        """A journey's end screen shows: offer the levels for it. The same offer again
        (a re-render) changes nothing; a low level still waiting for its reasons from
        an earlier journey goes first, as it stands."""
        if self.phase is not RatingPhase.CLOSED and (journey, case_code) == (
            self.journey,
            self.case_code,
        ):
            return
        self._send_waiting()
        self.journey, self.case_code = journey, case_code
        self.level, self.reasons = None, frozenset()
        self._evaluation_id = uuid.uuid4().hex
        self._set(RatingPhase.OFFERED)

    def withdraw(self) -> None:
        """The end screen has gone (finish, the idle timeout, another journey): a low
        level chosen without its reasons goes as it stands; nothing is offered."""
        self._send_waiting()
        if self.phase is not RatingPhase.CLOSED:
            self._set(RatingPhase.CLOSED)

    # ------------------------------------------------------------------ the resident's taps

    def rate(self, level: Level) -> None:
        """A tap on a level: a high one is the whole rating; a low one asks for reasons
        (and goes as it stands if none are sent)."""
        if self.phase is not RatingPhase.OFFERED:
            return
        self.level = level
        self._rated_at = self._clock()
        if not level.low:
            self._send()
            return
        self._timer = self._loop.call_later(self._reasons_wait, self._send_waiting)
        self._hold(self._evaluation())
        self._set(RatingPhase.REASONS)

    def toggle_reason(self, reason: Reason) -> None:
        if self.phase is RatingPhase.REASONS:
            self.reasons = self.reasons ^ {reason}
            self._changed()

    def send_reasons(self) -> None:
        """发送: the low level with the reasons ticked (none is fine)."""
        if self.phase is RatingPhase.REASONS:
            self._send()

    # ------------------------------------------------------------------ sending

    def _send_waiting(self) -> None:
        if self.phase is RatingPhase.REASONS:
            self._send()

    def _evaluation(self) -> Evaluation:
        assert self.journey is not None and self.level is not None
        assert self._rated_at is not None
        return Evaluation(
            self._evaluation_id,
            self.journey,
            self.case_code,
            self.level,
            tuple(r for r in Reason if r in self.reasons),  # in the strip's order
            self._rated_at,
        )

    def _hold(self, evaluation: Evaluation) -> None:
        """On disk at the tap, so switching the kiosk off before the reasons come does
        not lose the level (the send that follows updates it, on another thread: the
        port takes the two in either order)."""
        op = call_platform(
            "hold_evaluation", lambda: self._port.hold_evaluation(evaluation), SEND_TIMEOUT_S
        )
        op.add_done_callback(lambda c: self._loop.post(lambda: self._was_held(evaluation, c)))

    def _was_held(self, evaluation: Evaluation, completion: Completion[None]) -> None:
        if completion.ok:
            self.held += 1
        else:  # the send still stores it; only the restart's safety net is missing
            log.warning(
                "evaluation not held",
                extra={"evaluation_id": evaluation.evaluation_id, "detail": completion.detail},
            )
        self._changed()

    def _send(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        evaluation = self._evaluation()
        op = call_platform(
            "submit_evaluation", lambda: self._port.submit_evaluation(evaluation), SEND_TIMEOUT_S
        )
        op.add_done_callback(lambda c: self._loop.post(lambda: self._sent(evaluation, c)))
        log.info(
            "evaluation given",
            extra={"journey": evaluation.journey.value, "level": evaluation.level.value},
        )
        self._set(RatingPhase.THANKED)

    def _sent(self, evaluation: Evaluation, completion: Completion[None]) -> None:
        if completion.ok:
            self.stored += 1
        else:
            # stored and queued unless refused for good (then kept failed for the
            # technician); the resident was thanked either way
            self.refused += 1
            log.warning(
                "evaluation not accepted",
                extra={"evaluation_id": evaluation.evaluation_id, "detail": completion.detail},
            )
        self._changed()

    def _set(self, phase: RatingPhase) -> None:
        self.phase = phase
        self._changed()

    def _changed(self) -> None:
        for fn in list(self._subscribers):
            fn()
