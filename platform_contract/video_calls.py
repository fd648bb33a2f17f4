"""The video call with a back-office clerk (远程视频, issue 21 item 1) on the wire: the
signalling the kiosk and the clerk's page exchange through the platform.

WebRTC without trickle: each side gathers all its ICE candidates before it sends its
SDP, so one offer (the kiosk's, with the call) and one answer (the clerk's) make the
link; the media then flow peer to peer, never through the platform.

What the clerk sees of the resident's case is :class:`VideoCaseIn`: the matter, the
step and the materials' names and states, never a name, an ID number or a page.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from platform_contract.schemas import Code, HelpStep, ShortText

#: an SDP with all its candidates; a real one is a few kilobytes
Sdp = Annotated[str, StringConstraints(min_length=1, max_length=64_000)]
#: a matter names at most this many materials
MAX_CALL_MATERIALS = 50
VideoCallState = Literal["ringing", "answered", "ended", "missed"]
MaterialState = Literal["in_hand", "deferred", "missing"]


class VideoMaterialIn(BaseModel):
    code: Code
    name_zh: ShortText
    name_en: ShortText = ""
    state: MaterialState = Field(
        description="in_hand (photographed, uploaded, e-licence), deferred (容缺) or missing"
    )
    deferrable: bool = Field(
        False, description="the matter allows it later (容缺): only such a one may be approved"
    )


class VideoCaseIn(BaseModel):
    """The resident's case draft as the clerk sees it: nothing personal."""

    step: HelpStep = Field(description="the screen the resident called from, e.g. materials")
    matter_code: Annotated[str, StringConstraints(max_length=64)] = Field(
        "", description="empty: called before a matter was chosen"
    )
    matter_zh: ShortText = ""
    matter_en: ShortText = ""
    materials: list[VideoMaterialIn] = Field(default_factory=list, max_length=MAX_CALL_MATERIALS)


class VideoCallIn(BaseModel):
    call_id: Code = Field(description="made by the terminal; a resend with the same id is a no-op")
    offer_sdp: Sdp = Field(description="the kiosk's offer, every candidate gathered")
    case: VideoCaseIn
    called_at: datetime = Field(description="when the resident started the call (kiosk clock)")


class ClerkMessageIn(BaseModel):
    """A clerk's word to the kiosk during the call: a note, or a missing material
    approved (the resident may hand it in later, 容缺; only a deferrable one, not in hand)."""

    kind: Literal["note", "material_approved"]
    note: ShortText = ""
    material_code: Code | None = None

    @model_validator(mode="after")
    def _each_kind_its_field(self) -> ClerkMessageIn:
        if self.kind == "note" and (not self.note.strip() or self.material_code is not None):
            raise ValueError("a note carries its words and no material")
        if self.kind == "material_approved" and (self.material_code is None or self.note):
            raise ValueError("an approval names its material and carries no note")
        return self


class ClerkMessageOut(BaseModel):
    seq: int = Field(description="1, 2, ... per call: the kiosk acts on each once")
    kind: Literal["note", "material_approved"]
    note: str = ""
    material_code: str = ""
    posted_at: datetime


class VideoCallOut(BaseModel):
    """The call as the kiosk polls it."""

    call_id: str
    state: VideoCallState = Field(
        description="ringing; answered (answer_sdp set); ended (hung up); missed (no clerk"
        " took it before rings_until: the kiosk offers a call back)"
    )
    rings_until: datetime
    answer_sdp: str | None = None
    ended_by: Literal["kiosk", "clerk"] | None = None
    messages: list[ClerkMessageOut] = Field(default_factory=list)


class VideoCallDeskOut(VideoCallOut):
    """The call as the clerk's page sees it: the kiosk's offer and the case draft too."""

    terminal_id: str
    offer_sdp: str
    case: VideoCaseIn
    called_at: datetime
    received_at: datetime


class VideoCallListOut(BaseModel):
    calls: list[VideoCallDeskOut]


class VideoAnswerIn(BaseModel):
    answer_sdp: Sdp = Field(description="the clerk's answer, every candidate gathered")
