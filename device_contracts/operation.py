"""A running device command: cancellable, with events, and exactly one completion
(XFS4IoT's model), run on the threads of :mod:`device_contracts.op_runner`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from device_contracts.completion import Completion, CompletionCode, DeviceError
from device_contracts.events import DeviceEvent
from device_contracts.listeners import Listener, call_safely
from device_contracts.op_runner import call_later, run_in_background

log = logging.getLogger(__name__)

T = TypeVar("T")
U = TypeVar("U")


class Operation(Generic[T]):
    """A running device command: cancellable, with events, and exactly one completion.

    Producers call :meth:`emit` and :meth:`complete`; a second completion is
    ignored (and logged), so a late reply after a timeout cannot overwrite it.
    Done-callbacks run on the thread that completes the operation, or at once
    if it is already done: consumers that need another thread post from there.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._cancel = threading.Event()
        self._completion: Completion[T] | None = None
        self._done_callbacks: list[Callable[[Completion[T]], None]] = []
        self._event_listeners: list[Listener] = []
        self._last_event: DeviceEvent | None = None

    # consumer side -------------------------------------------------------
    def cancel(self) -> None:
        """Ask the command to stop; it completes with CANCELLED unless it already ended."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def done(self) -> bool:
        return self._done.is_set()

    def result(self, timeout: float | None = None) -> Completion[T]:
        """Block until complete. Never call this on the GUI thread."""
        if not self._done.wait(timeout):
            return Completion.failure(CompletionCode.TIMEOUT, detail=f"{self.name}: no completion")
        assert self._completion is not None
        return self._completion

    def add_done_callback(self, fn: Callable[[Completion[T]], None]) -> None:
        with self._lock:
            if self._completion is None:
                self._done_callbacks.append(fn)
                return
            completion = self._completion
        fn(completion)

    def add_event_listener(self, fn: Listener) -> None:
        """``fn`` gets every event from now on, and at once the latest one already sent:
        a command starts on its own thread, so its first prompt may come before the
        caller could listen, and the latest prompt is what the person must see."""
        with self._lock:
            self._event_listeners.append(fn)
            last = self._last_event
        if last is not None:
            call_safely(fn, last)

    # producer side -------------------------------------------------------
    def wait_cancelled(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if a cancel arrived meanwhile."""
        return self._cancel.wait(seconds)

    def emit(self, event: DeviceEvent) -> None:
        with self._lock:
            self._last_event = event
            listeners = list(self._event_listeners)
        for fn in listeners:
            call_safely(fn, event)

    def complete(self, completion: Completion[T]) -> bool:
        with self._lock:
            if self._completion is not None:
                log.debug("operation already complete", extra={"operation": self.name})
                return False
            self._completion = completion
            callbacks, self._done_callbacks = self._done_callbacks, []
        self._done.set()
        if not completion.ok:
            log.info(
                "operation ended",
                extra={
                    "operation": self.name,
                    "code": completion.code.value,
                    "detail": completion.detail,
                },
            )
        for fn in callbacks:
            call_safely(fn, completion)
        return True

    # helpers --------------------------------------------------------------
    @classmethod
    def completed(cls, name: str, completion: Completion[T]) -> Operation[T]:
        op: Operation[T] = cls(name)
        op.complete(completion)
        return op

    @classmethod
    def spawn(
        cls,
        name: str,
        work: Callable[[Operation[T]], Completion[T]],
        timeout: float | None = None,
    ) -> Operation[T]:
        """Run ``work`` on a daemon thread; it gets the operation to check for cancel.

        With ``timeout`` the operation completes with TIMEOUT when ``work`` has
        not finished in time (and a cancel is requested so ``work`` can stop).
        An exception in ``work`` becomes HARDWARE_ERROR, never a lost completion.
        """
        op: Operation[T] = cls(name)

        def run() -> None:
            try:
                completion = work(op)
            except DeviceError as exc:
                completion = Completion.failure(exc.code, exc.message, exc.detail)
            except Exception as exc:
                log.exception("operation crashed", extra={"operation": name})
                completion = Completion.failure(
                    CompletionCode.HARDWARE_ERROR, detail=type(exc).__name__
                )
            if (
                op.cancel_requested
                and not completion.ok
                and completion.code is not CompletionCode.TIMEOUT
            ):
                completion = Completion.failure(CompletionCode.CANCELLED, detail=completion.detail)
            op.complete(completion)

        run_in_background(run)
        if timeout is not None:

            def expire() -> None:
                if op.complete(
                    Completion.failure(CompletionCode.TIMEOUT, detail=f"{name} after {timeout}s")
                ):
                    op.cancel()

            timer = call_later(timeout, expire)
            op.add_done_callback(lambda _c: timer.cancel())
        return op

    @classmethod
    def blocking(cls, name: str, fn: Callable[[], U], timeout: float | None = None) -> Operation[U]:
        """Run a plain blocking call (an HTTP request, a model) off the caller's thread."""
        return Operation[U].spawn(name, lambda _op: Completion.success(fn()), timeout)
