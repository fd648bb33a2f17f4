"""The kiosk's video link to a back-office clerk (远程视频, issue 21 item 1): WebRTC
through aiortc, with the platform's ``/video-calls`` routes for the signalling.

:class:`~video_link.calls.WebRtcVideoCalls` implements the flow's
:class:`~flows.video_call_ports.VideoCallPort`; it runs every call on an asyncio loop
of its own thread (:mod:`.loop_thread`), never on the GUI thread. The face camera's
live picture goes out as a video track (:mod:`.camera_track`), the microphone's sound
or silence (:mod:`.audio`); the clerk's video comes back as RGB frames for the screen
(:mod:`.frames`). On the layer of ``offline_cache`` and ``devices``: it stands on the
flows' port, the device contracts and the platform's wire, and imports neither
neighbour (the composition root hands it the camera and the HTTP session).

The names below are imported when first asked for (PEP 562): the kiosk imports
:mod:`.deferred` at start and aiortc only with the first call (:mod:`.calls`), so the
cold start does not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from video_link.calls import CameraFeed as CameraFeed
    from video_link.calls import WebRtcVideoCalls as WebRtcVideoCalls
    from video_link.signalling import Signalling as Signalling
    from video_link.signalling import SignallingError as SignallingError

_HOME = {
    "CameraFeed": "video_link.calls",
    "WebRtcVideoCalls": "video_link.calls",
    "Signalling": "video_link.signalling",
    "SignallingError": "video_link.signalling",
}
__all__ = ["CameraFeed", "Signalling", "SignallingError", "WebRtcVideoCalls"]


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'video_link' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME[name]), name)
