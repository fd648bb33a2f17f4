"""The kiosk's log handler writes to the standard error stream of the moment: a record
from a worker thread that comes after the stream logging was set up with was replaced
(and closed) lands in the new one instead of raising "I/O operation on closed file"."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from kvlog import CurrentStderrHandler, KeyValueFormatter


def test_a_record_goes_to_the_stderr_of_the_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    handler = CurrentStderrHandler()
    handler.setFormatter(KeyValueFormatter())
    log = logging.getLogger("kvlog-test")
    log.propagate = False
    log.setLevel(logging.INFO)  # whatever level an earlier test left on the root logger
    log.addHandler(handler)
    try:
        log.warning("before", extra={"n": 1})
        first.close()  # the redirection ends, as a test's captured stream does
        monkeypatch.setattr(sys, "stderr", second)
        log.warning("after", extra={"n": 2})
    finally:
        log.removeHandler(handler)
        log.setLevel(logging.NOTSET)
    assert "after n=2" in second.getvalue()
