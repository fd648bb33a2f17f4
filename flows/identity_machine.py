"""What the declaration's and the pickup's machines share about the identity check.

Both machines name the identity check's states and events alike (consent, face check,
the assisted path with its staff confirmation: see :mod:`flows.assisted`), so one flow
class drives them; python-statemachine reads a machine's transitions from its own class
body, so each machine spells them out, and ``tests/flows/test_assisted.py`` checks that
the two spell them the same. The guards those transitions read are declared here once.
"""

from __future__ import annotations

from typing import Protocol


class IdentityGuards(Protocol):
    """The guards of the identity check (implemented by :class:`flows.assisted.AssistedGuards`)."""

    def face_attempts_remain(self) -> bool: ...

    def staff_called(self) -> bool: ...

    def identity_confirmed(self) -> bool: ...
