"""devices.next_uses: a scripted value serves the next ``times`` uses, then none."""

from __future__ import annotations

from devices.next_uses import NextUses


def test_nothing_scripted_gives_none() -> None:
    assert NextUses[str]().take() is None


def test_the_value_serves_times_uses_then_none() -> None:
    scripted = NextUses[str]()
    scripted.set("photo", times=2)
    assert [scripted.take(), scripted.take(), scripted.take()] == ["photo", "photo", None]


def test_a_new_value_replaces_the_rest_of_the_old() -> None:
    scripted = NextUses[str]()
    scripted.set("photo", times=3)
    scripted.take()
    scripted.set("person")
    assert [scripted.take(), scripted.take()] == ["person", None]
