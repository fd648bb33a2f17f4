"""urllib3 logs every request line at DEBUG, and some of the platform's URLs carry
personal data: an ID number (``/persons/{id_number}/photo``), a utility account number
(``/utility-bills?utility=water&account=...``, a household's). This filter, installed on
urllib3's connection-pool logger when the client is imported, replaces them by their
template before any handler sees the record."""

from __future__ import annotations

import logging
import re

#: (what, its template) for each piece of a URL that is personal data
_REDACTIONS = (
    (re.compile(r"/persons/[^/?\s\"]+"), "/persons/{id_number}"),
    (re.compile(r"([?&]account=)[^&\s\"]*"), r"\1{account}"),
)
URLLIB3_LOGGERS = ("urllib3.connectionpool",)


def redact(value: object) -> object:
    if isinstance(value, str):
        for pattern, template in _REDACTIONS:
            value = pattern.sub(template, value)
    return value


class PersonPathRedactor(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) for a in record.args)
        return True


def install() -> None:
    for name in URLLIB3_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, PersonPathRedactor) for f in logger.filters):
            logger.addFilter(PersonPathRedactor())
