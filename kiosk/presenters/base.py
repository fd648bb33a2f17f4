"""The lifecycle every presenter shares: it subscribes to its flow, wires its screens,
renders on each change while active, and tells the idle watcher when a reset may
happen (not while the machine, rather than the person, is working)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from kiosk.flow_api import Unsubscribe
from kiosk.presenters.shell import Shell


class SubscribableFlow(Protocol):
    @property
    def state(self) -> object: ...
    def subscribe(self, fn: Callable[[], None]) -> Unsubscribe: ...


FlowT = TypeVar("FlowT", bound=SubscribableFlow)
ScreensT = TypeVar("ScreensT")


class Presenter(ABC, Generic[FlowT, ScreensT]):
    """Subclasses render (:meth:`refresh`), wire their screens' signals (:meth:`_connect`)
    and name the states in which the machine is working (:attr:`machine_busy`)."""

    machine_busy: frozenset[str] = frozenset()

    def __init__(self, flow: FlowT, shell: Shell, screens: ScreensT) -> None:
        self.flow = flow
        self.shell = shell
        self.screens = screens
        self.active = False
        self._connect(screens)
        self._unsubscribe = flow.subscribe(self.refresh)

    @abstractmethod
    def _connect(self, screens: ScreensT) -> None:
        """Wire the screens' signals to the flow (again after a theme rebuild)."""

    @abstractmethod
    def refresh(self) -> None:
        """Render the flow's current state (called on every change while active)."""

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
    @property
    def card_to_take(self) -> bool:
        """An ID card the journey no longer needs lies on the reader (flows/card_return.py)."""
        ...


ResidentFlowT = TypeVar("ResidentFlowT", bound=ResidentFlow)


class ResidentPresenter(Presenter[ResidentFlowT, ScreensT]):
    """A resident's journey: cancelling goes home, the idle reset to the attract screen
    (``_to_attract`` tells the window which, once the flow is idle again)."""

    def __init__(self, flow: ResidentFlowT, shell: Shell, screens: ScreensT) -> None:
        self._to_attract = True
        super().__init__(flow, shell, screens)
        # heard even while inactive: a card left on the reader outlives the journey (the
        # idle wipe), and the window asks for it on any screen until the reader says gone
        self._card_off = flow.subscribe(self._card_changed)
        self._card_changed()

    def _card_changed(self) -> None:
        self.shell.show_card_prompt(self, self.flow.card_to_take)

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
