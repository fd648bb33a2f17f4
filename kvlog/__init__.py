"""Structured logging shared by the kiosk and the platform simulator (two programs, one
format): one line per record, ``key=value`` fields after the message.

Callers pass facts through ``extra={...}``: state ids, device names, completion
codes, case references. Personal data never goes into a log record; the
formatter does not try to scrub it, the code never hands it over.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

#: attributes every LogRecord has; anything else came from ``extra``
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


class KeyValueFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = {k: v for k, v in record.__dict__.items() if k not in _STANDARD}
        if fields:
            line += " " + " ".join(f"{k}={v!r}" for k, v in sorted(fields.items()))
        return line


class CurrentStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes each record to ``sys.stderr`` as it is when the record comes, not as it was
    when logging was set up: a worker thread's record after a redirection ended (a test's
    captured stream, closed) would otherwise hit a closed file."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass  # always the current sys.stderr


def setup_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    if any(isinstance(h.formatter, KeyValueFormatter) for h in root.handlers):
        return
    handler = CurrentStderrHandler()
    handler.setFormatter(KeyValueFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    # third-party chatter that says nothing useful at INFO on a kiosk
    for noisy in ("urllib3", "uvicorn.access", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
