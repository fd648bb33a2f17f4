"""The video call's transport (``video_link``) built for this kiosk: the signalling
over the site's platform URL with the terminal's token (and its TLS client certificate
on a real site), and the face camera's live picture (``live_feed``, both face drivers)
as the call's camera. The flow (``flows.video_call``) gets it as its
``VideoCallPort``; the services close it before the devices they film with.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import requests

from video_link.deferred import DeferredVideoCalls

if TYPE_CHECKING:
    from flows.ports import FlowLoop
    from kiosk.main_window import MainWindow
    from kiosk.services import KioskServices
    from video_link.calls import CameraFeed, WebRtcVideoCalls

log = logging.getLogger(__name__)


@runtime_checkable
class FilmsLive(Protocol):
    """A face device that can show its live picture outside a check."""

    def live_feed(self) -> CameraFeed: ...


def open_video_calls(services: KioskServices) -> DeferredVideoCalls:
    """The kiosk's video link, built at its first call (aiortc stays out of the cold
    start); closed by ``services.close()``, first (a call under way ends)."""
    calls = DeferredVideoCalls(lambda: _build(services))
    services.on_close.insert(0, calls.close)
    return calls


def _build(services: KioskServices) -> WebRtcVideoCalls:
    from video_link.calls import WebRtcVideoCalls
    from video_link.signalling import Signalling

    platform = services.config.platform
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {platform.token.get_secret_value()}"
    tls = platform.client_tls()
    if tls is not None:
        tls.apply(session)
    face = services.devices.face
    camera = face.live_feed() if isinstance(face, FilmsLive) else None
    if camera is None:
        log.warning("face camera has no live picture: the clerk sees a plain card")
    return WebRtcVideoCalls(Signalling(services.platform_url, session), camera)


def install_video_call(window: MainWindow, services: KioskServices, loop: FlowLoop) -> None:
    """呼叫工作人员 by video in the staff's hours: the call's flow over this kiosk's link."""
    from flows.video_call import VideoCallFlow

    window.install_video_call(VideoCallFlow(open_video_calls(services), loop))
