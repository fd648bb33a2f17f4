"""What the next few commands of a device get instead of the usual: demos and tests script
"the next check films this person", "the next verify does not match", "the next capture
reads this photo"; after ``times`` commands the device is back to the usual."""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class NextUses(Generic[T]):
    """A value for the next ``times`` :meth:`take` calls, then none. Not locked: the device
    holds its own lock around both calls."""

    def __init__(self) -> None:
        self._value: T | None = None
        self._left = 0

    def set(self, value: T, times: int = 1) -> None:
        self._value = value
        self._left = times

    def take(self) -> T | None:
        """The value for this use (None when nothing is scripted), counting the use."""
        value = self._value
        if value is not None:
            self._left -= 1
            if self._left <= 0:
                self._value = None
        return value
