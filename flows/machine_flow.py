"""What every journey flow shares: one logged chokepoint for state changes,
subscribers, the lifecycle (start from idle, cancel, reset, finish, an inactivity
timeout), completions that are posted to the flow's loop and dropped when stale (a
platform call among them), and the unsolicited device events of the journey under way.

The lifecycle: a journey starts only from its machine's initial state
(:meth:`MachineFlow._may_start`); :meth:`~MachineFlow.cancel` (the person abandons),
:meth:`~MachineFlow.reset` (the idle timeout, the app going home) and
:meth:`MachineFlow._finish` (a subclass's ``finish()`` once its last state allows) first
end the session (:meth:`MachineFlow._wipe`, which subclasses extend to drop their own
data), then send the machine's ``cancel`` / ``reset`` / ``finish`` event. A flow with an
inactivity timeout arms it with :meth:`MachineFlow._arm_timeout`; the session's end
disarms it.

A completion is stale when the session it belongs to has ended (cancel, reset)
or the flow has left the state that started it (``back()`` during a capture):
each watched operation carries the session generation and the state it was
started in, and both must still hold when the completion is handled.

Unsolicited events (a card placed or taken off, a status change) come through the
kiosk's one :class:`~flows.device_bridge.DeviceEventBridge`: a flow listens from the
moment it leaves its idle state until its session ends, and hands each event to
:meth:`MachineFlow._on_device_event` on the loop's thread.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from statemachine import State, StateMachine
from statemachine.exceptions import TransitionNotAllowed
from statemachine.transition_list import TransitionList

from device_contracts import Completion, DeviceEvent, Operation
from flows.device_bridge import DeviceEventBridge
from flows.platform_call import call_platform
from flows.ports import FlowLoop, Timer
from flows.settings import FlowSettings

log = logging.getLogger(__name__)

S = TypeVar("S", bound=enum.StrEnum)
T = TypeVar("T")

Unsubscribe = Callable[[], None]


def home_from_every_state(idle: State) -> TransitionList:
    """The machine's side of the lifecycle: ``cancel`` and ``reset`` (``cancel = reset =
    home_from_every_state(idle)``) lead from every state of the journey back to its
    initial ``idle`` (python-statemachine's ``from_.any()``, which its stubs leave
    untyped). From idle itself only ``reset`` is ever sent: :meth:`MachineFlow.cancel`
    does nothing there."""
    transitions: TransitionList = idle.from_.any()  # type: ignore[no-untyped-call]
    return transitions


class MachineFlow(Generic[S]):
    """Base of the journey flows. Not thread-safe: everything runs on the loop's thread."""

    def __init__(
        self,
        name: str,
        machine: StateMachine,
        states: type[S],
        loop: FlowLoop,
        events: DeviceEventBridge | None = None,
        settings: FlowSettings = FlowSettings(),  # noqa: B008 - frozen, safe to share
    ) -> None:
        """``events``: the kiosk's bridge of unsolicited device events (None: the flow
        hears none, as in tests that do not need them); ``settings``: the journeys'
        timeouts (the platform's among them)."""
        self._name = name
        self._machine = machine
        self._states = states
        self._loop = loop
        self.settings = settings
        self._subscribers: list[Callable[[], None]] = []
        self._generation = 0
        self._running: set[Operation[Any]] = set()
        self._events = events
        self._device_events_off: Unsubscribe | None = None  # ends the bridge subscription
        self._timeout: Timer | None = None  # the inactivity timeout, while armed
        #: each state's entry action (the operations it starts), run by :meth:`_entered`
        self._entry: dict[S, Callable[[], None]] = {}
        #: the machine's initial state: the flow listens to the devices whenever it is elsewhere
        self._idle = self.state

    # public -----------------------------------------------------------------
    @property
    def state(self) -> S:
        """The innermost active state (inside a compound state such as the identity
        check, the step under way)."""
        leaf = [s for s in self._machine.configuration if s.is_atomic]
        return self._states(leaf[-1].value)

    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe:
        """``fn()`` runs on the flow thread after every state or session change."""
        self._subscribers.append(fn)

        def remove() -> None:
            if fn in self._subscribers:
                self._subscribers.remove(fn)

        return remove

    def cancel(self) -> None:
        """The person at the kiosk abandons the journey (nothing happens when none is
        under way)."""
        if self.state == self._idle:
            return
        self._wipe()
        self._fire("cancel")

    def reset(self) -> None:
        """Back to idle from anywhere: the idle timeout, or the app going home."""
        self._wipe()
        self._fire("reset")

    # for subclasses -----------------------------------------------------------
    def _may_start(self) -> bool:
        """A journey starts only from idle: a second tap on its tile changes nothing."""
        if self.state == self._idle:
            return True
        log.info("start ignored", extra={"flow": self._name, "state": self.state.value})
        return False

    def _finish(self) -> None:
        """The journey ended and the person is done: a subclass's ``finish()`` calls
        this once its last state (and anything it waits for) allows."""
        self._wipe()
        self._fire("finish")

    def _wipe(self) -> None:
        """End the session before ``cancel``, ``reset`` or ``finish``. Subclasses drop
        their own work and data too, and call this."""
        self._end_session()

    def _arm_timeout(self, seconds: float, expired: Callable[[], None]) -> None:
        """(Re)start the session's inactivity timeout: ``expired()`` runs on the loop
        unless it is armed again first or the session ends."""
        self._disarm_timeout()

        def on_timeout() -> None:
            self._timeout = None
            expired()

        self._timeout = self._loop.call_later(seconds, on_timeout)

    def _disarm_timeout(self) -> None:
        timer, self._timeout = self._timeout, None
        if timer is not None:
            timer.cancel()

    def _call_platform(
        self,
        name: str,
        call: Callable[[], T],
        handle: Callable[[Completion[T]], None],
        *,
        any_state: bool = False,
    ) -> Operation[T]:
        """Call the platform off the loop's thread (``settings.platform_timeout``, its
        refusals kept apart from its silence: :mod:`flows.platform_call`) and hand the
        answer to ``handle`` on the loop, unless stale (see :meth:`_watch`)."""
        op = call_platform(name, call, self.settings.platform_timeout)
        return self._watch(op, handle, any_state=any_state)

    def _fire(self, event: str) -> bool:
        """The one place a state changes. Returns False (and logs) when not allowed now."""
        before = self.state
        try:
            self._machine.send(event)
        except TransitionNotAllowed:
            log.info(
                "event not allowed",
                extra={"flow": self._name, "event": event, "state": before.value},
            )
            self._changed()  # a guard may have refused after the flow set a message
            return False
        after = self.state
        log.info(
            "state change",
            extra={"flow": self._name, "event": event, "from": before.value, "to": after.value},
        )
        if after == self._idle:
            self._unlisten_devices()
        else:
            self._listen_devices()  # before the entry action, which may start a device
        self._entered(after)
        self._changed()
        return True

    def _entered(self, state: S) -> None:
        """Entry action of ``state``: its operations, as ``_entry`` names them (subclasses
        that do more on entering a state extend this)."""
        action = self._entry.get(state)
        if action is not None:
            action()

    def _changed(self) -> None:
        for fn in list(self._subscribers):
            try:
                fn()
            except Exception:
                log.exception("flow subscriber failed", extra={"flow": self._name})

    def _watch(
        self,
        op: Operation[T],
        handle: Callable[[Completion[T]], None],
        *,
        any_state: bool = False,
        on_event: Callable[[DeviceEvent], None] | None = None,
    ) -> Operation[T]:
        """Post ``op``'s completion to the loop and hand it to ``handle`` unless stale.

        Stale: the session ended, the operation was cancelled by the flow, or
        (unless ``any_state``) the flow left the state that started it.
        ``on_event``: the operation's events (prompts) come the same way, the one bridge
        from device threads to the flow: posted to the loop, handed over unless stale or
        the operation already ended, and subscribers told.
        """
        generation, state = self._generation, self.state
        self._running.add(op)

        def current() -> bool:
            return generation == self._generation and (any_state or state == self.state)

        if on_event is not None:
            handle_event = on_event

            def event_on_loop(event: DeviceEvent) -> None:
                if op in self._running and current():
                    handle_event(event)
                    self._changed()

            op.add_event_listener(lambda event: self._loop.post(lambda: event_on_loop(event)))

        def on_loop(completion: Completion[T]) -> None:
            live = op in self._running
            self._running.discard(op)
            if not live or not current():
                log.info(
                    "stale completion ignored",
                    extra={
                        "flow": self._name,
                        "operation": op.name,
                        "code": completion.code.value,
                        "state": self.state.value,
                    },
                )
                return
            handle(completion)
            self._changed()

        op.add_done_callback(lambda completion: self._loop.post(lambda: on_loop(completion)))
        return op

    def _on_device_event(self, event: DeviceEvent) -> None:
        """An unsolicited device event while the journey is under way (loop thread);
        subscribers are told afterwards. Subclasses keep what matters as session state."""

    def _listen_devices(self) -> None:
        """From now until the session ends: the bridge's events reach
        :meth:`_on_device_event` (at once, what it knows: statuses, cards present)."""
        if self._events is None or self._device_events_off is not None:
            return
        generation = self._generation
        told_at_once = True  # what the bridge knows, told inside subscribe()

        def on_event(event: DeviceEvent) -> None:
            if generation == self._generation:  # the journey it was meant for
                self._on_device_event(event)
                if not told_at_once:  # else _fire tells the subscribers once it is done
                    self._changed()

        self._device_events_off = self._events.subscribe(on_event)
        told_at_once = False

    def _unlisten_devices(self) -> None:
        stop, self._device_events_off = self._device_events_off, None
        if stop is not None:
            stop()

    def _end_session(self) -> None:
        """Make every outstanding completion stale, ask running operations to stop and
        stop hearing the devices' unsolicited events; the inactivity timeout is off."""
        self._unlisten_devices()
        self._disarm_timeout()
        self._generation += 1
        running, self._running = self._running, set()
        for op in running:
            op.cancel()

    def _abandon(self, op: Operation[Any]) -> None:
        """Cancel one operation the flow no longer wants; its completion becomes stale."""
        self._running.discard(op)
        op.cancel()
