"""The ID card given back: from the moment a journey no longer needs the card until the
reader says it was taken off.

A resident's card is needed while it is read and while the identity is checked (the
face check against its photo, or staff checking it in person). From then on it only
lies on the reader, and a resident who has what they came for walks away without it.
So each ID-card journey keeps a :class:`CardReturn`: :meth:`~CardReturn.release` when
the card is no longer needed (identity confirmed; the lookup's card read), and
:meth:`~CardReturn.journey_over` when nothing more will happen (the done screens, or
the session ended: cancel, idle wipe). While a released card lies on the reader,
:attr:`~CardReturn.waiting` is True: the screen and the voice ask for it, and the done
screens do not finish. The reader itself says when it is gone (the SAM reader polls
for the card: ``CardRemoved`` through :mod:`flows.device_bridge`), so the prompt never
goes on the resident's word.

A card still there ``left_after_s`` seconds after the journey was over is recorded in
the audit log for staff (``id_card_left``; ``id_card_taken`` when it is taken after
all), with the journey's name and nothing of the card or its owner. The record
outlives the session: the idle wipe drops every personal datum, the watch on the
reader stays until the card is gone.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import KW_ONLY, dataclass, field

from device_contracts import DeviceEvent, Text, Unsubscribe
from flows.device_bridge import DeviceEventBridge, card_presence
from flows.domain import AuditEntry
from flows.ports import AuditLog, FlowLoop, Timer

__all__ = ["CARD_LEFT", "CARD_TAKEN", "TAKE_CARD", "CardReturn"]

log = logging.getLogger(__name__)

#: what the screens and the voice say while a released card lies on the reader
TAKE_CARD = Text("请取回身份证", "Please take your ID card")
#: the audit trail's actions (the actor is the terminal's resident side, no person)
CARD_LEFT = "id_card_left"
CARD_TAKEN = "id_card_taken"


class _Card(enum.Enum):
    """Where a card the journey no longer needs stands."""

    #: not asked for: still needed, taken, or nothing known of it
    NOT_ASKED = enum.auto()
    #: lies on the reader: asked for back
    ASKED = enum.auto()
    #: still there past the timeout, and recorded for staff (asked for still)
    LEFT = enum.auto()


@dataclass(eq=False, repr=False)
class CardReturn:
    """One journey's card, between "no longer needed" and "taken off the reader":
    ``journey`` names the journey (in the log and the audit trail), ``reader`` the ID
    card reader whose events say the card is there or gone.

    Runs on the flow loop's thread, as the flow does. ``on_change`` is called when the
    reader (or the timeout) changes :attr:`waiting` or :attr:`left` by itself, so the
    flow can tell its subscribers; changes made inside :meth:`release`,
    :meth:`journey_over` or :meth:`claim` are the caller's to announce.
    """

    journey: str
    reader: str
    loop: FlowLoop
    events: DeviceEventBridge | None
    _: KW_ONLY
    audit: AuditLog | None
    left_after_s: float
    on_change: Callable[[], None]
    _card: _Card = field(default=_Card.NOT_ASKED, init=False)
    _off: Unsubscribe | None = field(default=None, init=False)  # the reader's events, while asked
    _timer: Timer | None = field(default=None, init=False)  # the left-behind timeout, while armed

    @property
    def waiting(self) -> bool:
        """A card this journey no longer needs lies on the reader."""
        return self._card is not _Card.NOT_ASKED

    @property
    def left(self) -> bool:
        """The card was left behind past the timeout (and recorded for staff)."""
        return self._card is _Card.LEFT

    def release(self) -> None:
        """The journey no longer needs the card: if the reader says it lies there, ask
        for it back until the reader says it is gone. Without a device bridge nothing is
        known about the card, so nothing is asked."""
        if self.events is None or self.waiting:
            return
        if self.events.card_present(self.reader) is not True:
            return
        self._card = _Card.ASKED
        log.info("id card to be taken", extra={"flow": self.journey})
        # told at once what the bridge knows (the card lies there): nothing to do then
        self._off = self.events.subscribe(self._on_event)

    def journey_over(self) -> None:
        """Nothing more will happen in this journey: the card is released, and one still
        there after ``left_after_s`` is recorded for staff."""
        self.release()
        if self._card is _Card.ASKED and self._timer is None:
            self._timer = self.loop.call_later(self.left_after_s, self._on_timeout)

    def claim(self) -> None:
        """A journey read the card again (the next one took it from the reader): it is
        needed once more, nobody left it behind."""
        if self.waiting:
            log.info("id card read again", extra={"flow": self.journey})
        self._stop()

    # ------------------------------------------------------------------ the reader's side
    def _on_event(self, event: DeviceEvent) -> None:
        if card_presence(event, self.reader) is not False:
            return
        left = self.left
        self._stop()
        log.info("id card taken", extra={"flow": self.journey, "after_timeout": left})
        if left:
            self._record(CARD_TAKEN)
        self.on_change()

    def _on_timeout(self) -> None:
        self._timer = None
        if not self.waiting:
            return
        self._card = _Card.LEFT
        log.warning("id card left on the reader", extra={"flow": self.journey})
        self._record(CARD_LEFT)
        self.on_change()

    def _record(self, action: str) -> None:
        if self.audit is None:
            return
        try:
            self.audit.record(AuditEntry(action, "resident", detail=self.journey))
        except Exception:
            # the prompt stands either way; the log says the trail has a gap
            log.exception("audit record failed", extra={"flow": self.journey, "action": action})

    def _stop(self) -> None:
        self._card = _Card.NOT_ASKED
        off, self._off = self._off, None
        if off is not None:
            off()
        timer, self._timer = self._timer, None
        if timer is not None:
            timer.cancel()
