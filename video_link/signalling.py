"""The kiosk's side of the call's signalling: the platform's ``/video-calls`` routes
(:mod:`platform_contract.video_calls`) over ``requests``; every answer is read through
the wire models before it is believed.

The session comes from the composition root with the terminal's bearer token (and,
on a real site, its TLS client certificate) already set; these calls block, so the
peer runs them off its event loop (``asyncio.to_thread``).
"""

from __future__ import annotations

from datetime import UTC, datetime

import requests
from pydantic import ValidationError

from platform_contract.video_calls import VideoCallIn, VideoCallOut, VideoCaseIn

#: (connect, read) seconds: a platform that does not answer is a failed call, soon
TIMEOUT = (3.0, 10.0)
API_PREFIX = "/api/v1"


class SignallingError(Exception):
    """The platform could not be reached or answered what it should not; the message
    is log-safe (a status code or an exception's type, never a body)."""


class Signalling:
    def __init__(self, base_url: str, session: requests.Session) -> None:
        self._api = base_url.rstrip("/") + API_PREFIX
        self._session = session

    @classmethod
    def with_token(cls, base_url: str, token: str) -> Signalling:
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {token}"
        return cls(base_url, session)

    def open(self, call_id: str, offer_sdp: str, case: VideoCaseIn) -> VideoCallOut:
        body = VideoCallIn(
            call_id=call_id, offer_sdp=offer_sdp, case=case, called_at=datetime.now(UTC)
        )
        return self._send("POST", "/video-calls", body.model_dump(mode="json"))

    def poll(self, call_id: str) -> VideoCallOut:
        return self._send("GET", f"/video-calls/{call_id}")

    def hang_up(self, call_id: str) -> VideoCallOut:
        return self._send("POST", f"/video-calls/{call_id}/hang-up")

    def close(self) -> None:
        self._session.close()

    def _send(self, method: str, path: str, body: object = None) -> VideoCallOut:
        try:
            resp = self._session.request(method, self._api + path, json=body, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise SignallingError(type(exc).__name__) from None
        if resp.status_code not in (200, 201):
            raise SignallingError(f"HTTP {resp.status_code}")
        try:
            return VideoCallOut.model_validate_json(resp.content)
        except ValidationError:
            raise SignallingError("unexpected answer") from None
