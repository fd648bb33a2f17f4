"""The identity check as one compound state, shared by the declaration's and the
pickup's machines: the ID card read, consent to the face check, the face check, and the
assisted path without it (staff check the card in person and confirm with their staff
card + PIN). The flow that drives it is :mod:`flows.assisted`.

Each journey's machine puts :func:`identity_check` among its states and says two things
of its own: where a confirmed identity leads (``done_state_identity``: the compound's
final state was reached) and what a failed face check does (the declaration shows why
and offers a retry; the pickup tries again at once while tries remain). Leaving the
check (``cancel``, ``reset``) is one transition from the compound, whichever step is
under way. The flows see the innermost state (``reading_card`` ... ``assist_locked``).
"""

from __future__ import annotations

from typing import Protocol, cast

from statemachine import State
from statemachine.transition_list import TransitionList


class IdentityGuards(Protocol):
    """The guards of the identity check (implemented by :class:`flows.assisted.AssistedGuards`)."""

    def face_attempts_remain(self) -> bool: ...

    def staff_called(self) -> bool: ...

    def identity_confirmed(self) -> bool: ...


class IdentityCheck(State):
    """What :func:`identity_check` gives, for the type checker: a compound state whose
    face-check steps a journey's machine adds its own transitions to (the library builds
    the instance from the class body below)."""

    face_check: State
    face_failed: State


def identity_check() -> IdentityCheck:
    """A new identity-check compound state for one machine class (a state belongs to
    the machine it is declared in, so each machine gets its own)."""

    class identity(State.Compound):
        reading_card = State(initial=True, value="reading_card")
        face_consent = State(value="face_consent")
        face_check = State(value="face_check")
        #: no tries left (or, in the declaration, why the last try failed and a retry)
        face_failed = State(value="face_failed")
        assisted = State(value="assisted")
        #: the assisted path's staff confirmation: staff card, PIN, locked out
        assist_card = State(value="assist_card")
        assist_pin = State(value="assist_pin")
        assist_locked = State(value="assist_locked")
        #: the face matched or staff confirmed: the journey goes on (done.state.identity)
        confirmed = State(final=True, value="identity_confirmed")

        card_read = reading_card.to(face_consent)
        # consent to the face check is asked separately (no tries left after giving up:
        # no face check); declining (or a failed check) leads to the assisted path
        consent_given = face_consent.to(face_check, cond="face_attempts_remain")
        consent_declined = face_consent.to(assisted) | face_failed.to(assisted)
        face_matched = face_check.to(confirmed)
        continue_assisted = assisted.to(assist_card, cond="staff_called")
        staff_card_read = assist_card.to(assist_pin)
        staff_card_refused = assist_pin.to(assist_card)
        staff_locked = assist_pin.to(assist_locked)
        # a locked card: another member of staff lays theirs on the reader
        another_staff_card = assist_locked.to(assist_card)
        # only an authenticated staff member's confirmation stands in for the face check
        staff_confirmed = assist_pin.to(confirmed, cond="identity_confirmed")
        # the resident changes their mind, or the staff member cancels the confirmation
        reconsider = face_consent.from_(assisted, assist_card, assist_pin, assist_locked)

    return cast(IdentityCheck, identity)


def face_retried_at_once(identity: IdentityCheck) -> TransitionList:
    """``face_rejected`` of a journey that tries a failed face check again at once while
    tries remain, and shows the failure page after the last (the pickup, the self-print;
    the declaration shows why first and offers a retry)."""
    check = identity.face_check
    transitions: TransitionList = check.to(check, cond="face_attempts_remain") | check.to(
        identity.face_failed
    )
    return transitions
