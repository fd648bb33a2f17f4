"""A process-wide value made on first use: the models and the helper process load in about a
second each, so they are made when first needed, and once, however many threads ask."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class Lazy(Generic[T]):
    """What ``make()`` returns, made by the first :meth:`get` (the others wait for it)."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                value = self._value
                if value is None:
                    value = self._value = self._make()
        return value

    @property
    def made(self) -> bool:
        return self._value is not None
