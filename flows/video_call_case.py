"""The declaration's side of a video call with a clerk: the case draft's summary the
clerk sees (the matter, the step, each material's name and whether it is in hand;
nothing personal), and the words a clerk's note or approval leaves on the resident's
declaration."""

from __future__ import annotations

from device_contracts import Text
from flows.domain import Matter
from flows.materials import MaterialCheck
from flows.message_kind import Information
from flows.video_call_ports import CallBrief, MaterialBrief, MaterialState


def case_brief(step: str, matter: Matter | None, check: MaterialCheck | None) -> CallBrief:
    """``check``: where the matter's materials stand (None: not reached yet, all are
    said to be missing)."""
    if matter is None:
        return CallBrief(step)
    missing = {m.code for m in check.missing} if check is not None else None
    deferred = {m.code for m in check.deferred} if check is not None else set()

    def state(code: str) -> MaterialState:
        if code in deferred:
            return MaterialState.DEFERRED
        if missing is None or code in missing:
            return MaterialState.MISSING
        return MaterialState.IN_HAND

    materials = tuple(
        MaterialBrief(m.code, m.name, state(m.code), m.deferrable)
        for m in matter.materials
        if m.required or state(m.code) is not MaterialState.MISSING  # optional: if given
    )
    return CallBrief(step, matter.code, matter.name, materials)


def clerk_note_words(note: str) -> Information:
    """A clerk's note as the declaration's message line shows it: information, however
    it is worded (the clerk is helping, nothing went wrong)."""
    return Information(f"工作人员留言：{note}", f"Note from staff: {note}")


def clerk_approved_words(name: Text) -> Information:
    return Information(
        f"工作人员已同意“{name.zh}”容缺后补", f"Staff agreed: {name.en} may be handed in later"
    )
