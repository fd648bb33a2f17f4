"""vision.lazy: a process-wide value is made once, by the first caller, however many ask."""

from __future__ import annotations

import threading

from vision.lazy import Lazy


def test_made_on_first_use_only() -> None:
    made: list[object] = []

    def make() -> object:
        made.append(object())
        return made[-1]

    lazy = Lazy(make)
    assert not lazy.made and made == []
    first = lazy.get()
    assert lazy.made and lazy.get() is first and made == [first]


def test_threads_asking_at_once_share_one_value() -> None:
    asking = 8
    all_asking = threading.Barrier(asking)
    calls: list[int] = []
    release = threading.Event()

    def make() -> list[int]:
        calls.append(1)
        release.wait()  # the others arrive while the first is still making it
        return calls

    lazy = Lazy(make)
    got: list[object] = []

    def ask() -> None:
        all_asking.wait()
        got.append(lazy.get())

    threads = [threading.Thread(target=ask) for _ in range(asking)]
    for t in threads:
        t.start()
    release.set()
    for t in threads:
        t.join()
    assert calls == [1]
    assert len(got) == asking and all(value is calls for value in got)
