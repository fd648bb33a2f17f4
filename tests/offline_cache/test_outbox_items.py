"""What a claimed outbox item shows of itself in a log line or a traceback."""

from __future__ import annotations

from offline_cache.outbox_items import PendingCase, PendingEvent, PendingHelp


def test_a_claimed_items_body_is_never_in_its_repr() -> None:
    body = {
        "applicant": {"name": "张伟", "id_number": "110112198503121238"},
        "phone": "13800138001",
    }
    items = [
        PendingCase("key-1", "T01-0001-AB12-000001", body),
        PendingEvent("ev-1", "CASE-20260101-000001", body),
        PendingHelp("call-1", body),
    ]
    for item in items:
        shown = repr(item)
        assert "张伟" not in shown and "1101121985" not in shown and "13800138001" not in shown
    assert "T01-0001-AB12-000001" in repr(items[0])  # the code staff look for is shown
