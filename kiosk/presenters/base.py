"""The lifecycle every presenter shares: it subscribes to its flow, wires its screens,
renders on each change while active, ends the journey when the flow is idle again, and
tells the idle watcher when a reset may happen (not while the machine, rather than the
person, is working). Also the shape of a presenter's set of screens (:class:`ScreenSet`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Generic, Protocol, Self, TypeVar

from PySide6.QtWidgets import QWidget

from kiosk.flow_api import Unsubscribe
from kiosk.presenters.evaluation import EvaluationPart
from kiosk.presenters.shell import Shell


class ScreenSet:
    """A presenter's screens: its ``__init__`` builds them, one attribute a screen, named
    after the state it shows (a part's own set, such as the assisted path's, may stand
    beside them)."""

    @classmethod
    def build(cls) -> Self:
        """Every screen of the set, built now (each is one page of the window's stack)."""
        return cls()

    def all(self) -> list[QWidget]:
        """The screens in the order they were built, those of a part's set in its place."""
        return [
            screen
            for value in vars(self).values()
            for screen in (value.all() if isinstance(value, ScreenSet) else [value])
            if isinstance(screen, QWidget)
        ]

    def for_state(self, state: str) -> QWidget | None:
        screen = getattr(self, state, None)
        return screen if isinstance(screen, QWidget) else None


class SubscribableFlow(Protocol):
    @property
    def state(self) -> object: ...
    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe: ...


FlowT = TypeVar("FlowT", bound=SubscribableFlow)
ScreensT = TypeVar("ScreensT")


class Presenter(ABC, Generic[FlowT, ScreensT]):
    """Subclasses render a state (:meth:`_render_state`), wire their screens' signals
    (:meth:`_connect`) and name the states in which the machine is working
    (:attr:`machine_busy`)."""

    machine_busy: frozenset[str] = frozenset()
    #: where the window goes when the journey is over: the attract screen, or home (after
    #: a resident's cancel)
    _to_attract = True

    def __init__(self, flow: FlowT, shell: Shell, screens: ScreensT) -> None:
        #: the state rendered last, for what a screen does on arrival (a fresh PIN entry)
        self._last_state = "idle"
        self.flow = flow
        self.shell = shell
        self.screens = screens
        self.active = False
        self._connect(screens)
        self._unsubscribe = flow.subscribe(self.refresh)

    @abstractmethod
    def _connect(self, screens: ScreensT) -> None:
        """Wire the screens' signals to the flow (again after a theme rebuild)."""

    def refresh(self) -> None:
        """Render the flow's current state (called on every change while active); back
        at idle, the journey is over."""
        if not self.active:
            return
        state = self.state
        previous, self._last_state = self._last_state, state
        if state == "idle":
            self._journey_over()
        else:
            self._render_state(state, previous)

    @abstractmethod
    def _render_state(self, state: str, previous: str) -> None:
        """Show ``state`` (not idle) with the window's footer, steps and banner;
        ``previous``: the state rendered before it."""

    def _journey_over(self) -> None:
        """The flow is idle again: the window leaves this presenter's screens."""
        self.active = False
        self.shell.show_message(None)
        self.shell.journey_ended(to_attract=self._to_attract)

    def attach(self, screens: ScreensT) -> None:
        """Use freshly built screens (after a theme change) and render into them."""
        self.screens = screens
        self._connect(screens)
        self.refresh()

    def close(self) -> None:
        self._unsubscribe()

    @property
    def state(self) -> str:
        return str(self.flow.state)

    def idle_reset_allowed(self) -> bool:
        return self.active and self.state not in self.machine_busy


class ResidentFlow(SubscribableFlow, Protocol):
    def cancel(self) -> None: ...
    def reset(self) -> None: ...
    def finish(self) -> None: ...
    @property
    def card_to_take(self) -> bool:
        """An ID card the journey no longer needs lies on the reader (flows/card_return.py)."""
        ...


ResidentFlowT = TypeVar("ResidentFlowT", bound=ResidentFlow)


class ResidentPresenter(Presenter[ResidentFlowT, ScreensT]):
    """A resident's journey: cancelling goes home, the idle reset to the attract screen
    (``_to_attract`` tells the window which, once the flow is idle again)."""

    #: the rating its end screen offers (好差评); None: the kiosk offers none
    evaluation: EvaluationPart | None = None

    def __init__(self, flow: ResidentFlowT, shell: Shell, screens: ScreensT) -> None:
        self._to_attract = True
        super().__init__(flow, shell, screens)
        # heard even while inactive: a card left on the reader outlives the journey (the
        # idle wipe), and the window asks for it on any screen until the reader says gone
        self._card_off = flow.subscribe(self._card_changed)
        self._card_changed()

    def _card_changed(self) -> None:
        self.shell.show_card_prompt(self, self.flow.card_to_take)

    def _journey_over(self) -> None:
        if self.evaluation is not None:
            self.evaluation.withdraw()  # a low level chosen without reasons goes now
        super()._journey_over()

    def close(self) -> None:
        self._card_off()
        super().close()

    def cancel(self) -> None:
        self._to_attract = False
        self.flow.cancel()

    def reset(self) -> None:
        """Idle timeout: wipe the session; the window shows the attract screen."""
        self._to_attract = True
        self.flow.reset()

    def _finish(self) -> None:
        """The resident's last tap (finish, back home): the attract screen follows."""
        self._to_attract = True
        self.flow.finish()
