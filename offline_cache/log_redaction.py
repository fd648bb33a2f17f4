"""urllib3 logs every request line at DEBUG, and one of the platform's URLs
carries an ID number (``/persons/{id_number}/photo``). This filter, installed on
urllib3's connection-pool logger when the client is imported, replaces such path
segments by their template before any handler sees the record."""

from __future__ import annotations

import logging
import re

_PERSON_PATH = re.compile(r"/persons/[^/?\s\"]+")
_TEMPLATE = "/persons/{id_number}"
URLLIB3_LOGGERS = ("urllib3.connectionpool",)


def redact(value: object) -> object:
    if isinstance(value, str):
        return _PERSON_PATH.sub(_TEMPLATE, value)
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
