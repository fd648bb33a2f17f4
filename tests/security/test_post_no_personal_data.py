"""物流服务: a declaration by post, headless, every logger at DEBUG: the address, the
recipient and the courier's mobile reach the platform but no log line, the outbox on disk
holds them sealed, and the journey's end leaves none of them in the session."""

from __future__ import annotations

from pathlib import Path

from flows.declaration import DeclarationState
from platform_sim.server import RunningServer
from tests.platform.helpers import backoffice
from tests.reliability.journey import Kiosk, close_drop_door, declare_until_review, wipe_check
from tests.security.test_no_personal_data_in_logs import (  # noqa: F401 (all_logs: fixture)
    PHONE,
    Capture,
    all_logs,
    secrets,
)


def test_a_declaration_by_post_logs_no_address(
    platform_sim: RunningServer,
    tmp_path: Path,
    all_logs: Capture,  # noqa: F811
) -> None:
    k = Kiosk(platform_sim.url, tmp_path / "data")
    try:
        flow = declare_until_review(k, person=0, phone=PHONE, by_post=True)
        post = flow.session.delivery.post()
        assert post is not None and post.street and post.phone == PHONE
        flow.submit()
        close_drop_door(k)
        k.settle("declaration done", lambda: flow.state is DeclarationState.DONE)
        session = flow.session
        flow.finish()
        assert wipe_check(session) == [] and wipe_check(flow.session) == []
        outbox_bytes = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("outbox*"))
    finally:
        k.close()

    listed = backoffice().get(
        f"{platform_sim.url}/api/v1/backoffice/posts?status=materials_deposited"
    )
    assert post.street in listed.text, "the platform has the address"
    private = {**secrets(), "street": post.street, "recipient": post.recipient}
    text = "\n".join(all_logs.lines)
    found = {what: value for what, value in private.items() if value in text}
    for what, value in private.items():
        assert value.encode() not in outbox_bytes, f"{what} in clear in the outbox file"
    leaks = [line for line in all_logs.lines if any(v in line for v in found.values())]
    assert not found, leaks[:5]
